import com.cloudbees.groovy.cps.NonCPS
import dev.mlops.jenkins.MlopsCli
import groovy.transform.Field

@Field static final Map PARAMETERS = [
        action: [type: 'string', required: true, values: ['list', 'describe', 'approve', 'reject']],
        group : [type: 'string'],
        ref   : [type: 'string'],
        reason: [type: 'string'],
        by    : [type: 'string'],
]

/** Lists, describes, approves or rejects model packages in the registry ("mlops models"). */
Map call(Map args = [:]) {
    MlopsCli cli = new MlopsCli(this)
    Map p = cli.arguments('mlopsModels', args, PARAMETERS)
    String problem = combinationProblem(p)
    if (problem != null) {
        error(problem)
    }
    return cli.finish(cli.invoke('mlopsModels', words(p)), 'run mlopsModels again')
}

@NonCPS
String combinationProblem(Map p) {
    boolean list = p.action == 'list'
    boolean decide = p.action in ['approve', 'reject']
    String wrong = list ? (p.group == null ? 'needs group' : p.ref != null ? 'takes group, not ref' : null)
            : (p.ref == null ? 'needs ref (GROUP/VERSION)' : p.group != null ? 'takes ref, not group' : null)
    if (wrong == null && !decide && (p.reason != null || p.by != null)) {
        wrong = 'takes no reason or by (only approve and reject do)'
    }
    return wrong == null ? null : "cannot run mlopsModels: action '${p.action}' ${wrong}".toString()
}

// The reference is positional: "--" ends the options so a value starting with "-" stays a value.
@NonCPS
List<String> words(Map p) {
    List<String> words = ['models', p.action]
    MlopsCli.option(words, '--group', p.group)
    MlopsCli.option(words, '--reason', p.reason)
    MlopsCli.option(words, '--by', p.by)
    if (p.ref != null) {
        words << '--' << p.ref
    }
    return words
}
