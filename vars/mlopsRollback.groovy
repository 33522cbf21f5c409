import com.cloudbees.groovy.cps.NonCPS
import dev.mlops.jenkins.MlopsCli
import groovy.transform.Field

@Field static final Map PARAMETERS = [
        env      : [type: 'string', required: true],
        toVersion: [type: 'string'],
]

/** Puts an environment back on an earlier model version ("mlops rollback"). */
Map call(Map args = [:]) {
    MlopsCli cli = new MlopsCli(this)
    Map p = cli.arguments('mlopsRollback', args, PARAMETERS)
    return cli.finish(cli.invoke('mlopsRollback', words(p)), "run mlopsReconcile(env: '${p.env}') to keep waiting for it")
}

@NonCPS
List<String> words(Map p) {
    List<String> words = ['rollback']
    MlopsCli.option(words, '--env', p.env)
    MlopsCli.option(words, '--to-version', p.toVersion)
    return words
}
