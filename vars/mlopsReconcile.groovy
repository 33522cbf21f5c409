import com.cloudbees.groovy.cps.NonCPS
import dev.mlops.jenkins.MlopsCli
import groovy.transform.Field

@Field static final Map PARAMETERS = [
        env    : [type: 'string', required: true],
        once   : [type: 'boolean', default: false],
        timeout: [type: 'string'],
]

/** Brings an environment's endpoint to its desired state ("mlops reconcile") and returns its status. */
Map call(Map args = [:]) {
    MlopsCli cli = new MlopsCli(this)
    Map p = cli.arguments('mlopsReconcile', args, PARAMETERS)
    String hint = "the deployment goes on; run mlopsReconcile(env: '${p.env}') again to keep waiting for it"
    return cli.finish(cli.invoke('mlopsReconcile', words(p)), hint)
}

@NonCPS
List<String> words(Map p) {
    List<String> words = ['reconcile']
    MlopsCli.option(words, '--env', p.env)
    if (p.once) {
        words << '--once'
    }
    MlopsCli.option(words, '--timeout', p.timeout)
    return words
}
