import com.cloudbees.groovy.cps.NonCPS
import dev.mlops.jenkins.MlopsCli
import groovy.transform.Field

@Field static final Map PARAMETERS = [
        env    : [type: 'string', required: true],
        timeout: [type: 'string'],
]

/**
 * Brings an environment's endpoint to its desired state ("mlops reconcile --once": one reconcile that
 * waits for convergence up to the timeout) and returns its status. Without --once the CLI would keep
 * reconciling forever, which is a controller's job, not a build step's.
 */
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
    words << '--once'
    MlopsCli.option(words, '--timeout', p.timeout)
    return words
}
