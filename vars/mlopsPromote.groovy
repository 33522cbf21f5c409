import com.cloudbees.groovy.cps.NonCPS
import dev.mlops.jenkins.MlopsCli
import groovy.transform.Field

@Field static final Map PARAMETERS = [
        from      : [type: 'string', required: true],
        to        : [type: 'string', required: true],
        approvedBy: [type: 'string'],
]

/** Promotes the version serving in one environment to the next ("mlops promote"), a Git commit. */
Map call(Map args = [:]) {
    MlopsCli cli = new MlopsCli(this)
    Map p = cli.arguments('mlopsPromote', args, PARAMETERS)
    return cli.finish(cli.invoke('mlopsPromote', words(p)), "run mlopsPromote(from: '${p.from}', to: '${p.to}') again")
}

@NonCPS
List<String> words(Map p) {
    List<String> words = ['promote']
    MlopsCli.option(words, '--from', p.from)
    MlopsCli.option(words, '--to', p.to)
    MlopsCli.option(words, '--approved-by', p.approvedBy)
    return words
}
