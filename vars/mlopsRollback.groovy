import com.cloudbees.groovy.cps.NonCPS
import dev.mlops.jenkins.MlopsCli
import groovy.transform.Field

@Field static final Map PARAMETERS = [
        env      : [type: 'string', required: true],
        toVersion: [type: 'string'],
        reason   : [type: 'string'],
        force    : [type: 'boolean', default: false],
]

/**
 * Puts an environment back on a version it served before ("mlops rollback"), a Git commit that
 * records the reason; mlopsReconcile then deploys it.
 */
Map call(Map args = [:]) {
    MlopsCli cli = new MlopsCli(this)
    Map p = cli.arguments('mlopsRollback', args, PARAMETERS)
    String problem = forceProblem(p)
    if (problem != null) {
        error(problem)
    }
    return cli.finish(cli.invoke('mlopsRollback', words(p)), "run mlopsRollback(env: '${p.env}') again")
}

// An override of the rollback rules goes to a named version and says why; the CLI records both.
@NonCPS
String forceProblem(Map p) {
    if (!p.force || (p.reason != null && p.toVersion != null)) {
        return null
    }
    return 'cannot run mlopsRollback: force needs toVersion (the version to force) and reason (recorded with the override)'
}

@NonCPS
List<String> words(Map p) {
    List<String> words = ['rollback']
    MlopsCli.option(words, '--env', p.env)
    MlopsCli.option(words, '--to-version', p.toVersion)
    MlopsCli.option(words, '--reason', p.reason)
    if (p.force) {
        words << '--force'
    }
    return words
}
