import com.cloudbees.groovy.cps.NonCPS
import dev.mlops.jenkins.MlopsCli
import groovy.transform.Field

@Field static final Map PARAMETERS = [
        group   : [type: 'string', required: true],
        once    : [type: 'boolean', default: true],
        interval: [type: 'string'],
]

/** Writes newly approved model packages into the staging desired state ("mlops watch-approvals"). */
Map call(Map args = [:]) {
    MlopsCli cli = new MlopsCli(this)
    Map p = cli.arguments('mlopsWatchApprovals', args, PARAMETERS)
    return cli.finish(cli.invoke('mlopsWatchApprovals', words(p)), 'run mlopsWatchApprovals again')
}

@NonCPS
List<String> words(Map p) {
    List<String> words = ['watch-approvals']
    MlopsCli.option(words, '--group', p.group)
    if (p.once) {
        words << '--once'
    }
    MlopsCli.option(words, '--interval', p.interval)
    return words
}
