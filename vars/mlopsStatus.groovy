import dev.mlops.jenkins.MlopsCli
import groovy.transform.Field

@Field static final Map PARAMETERS = [:]

/** The controller's view of every environment ("mlops status"). */
Map call(Map args = [:]) {
    MlopsCli cli = new MlopsCli(this)
    cli.arguments('mlopsStatus', args, PARAMETERS)
    return cli.finish(cli.invoke('mlopsStatus', ['status']), 'run mlopsStatus() again')
}
