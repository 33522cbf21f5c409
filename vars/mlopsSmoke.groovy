import com.cloudbees.groovy.cps.NonCPS
import dev.mlops.jenkins.MlopsCli
import groovy.transform.Field

@Field static final Map PARAMETERS = [
        env              : [type: 'string', required: true],
        url              : [type: 'string'],
        suite            : [type: 'string'],
        reportDir        : [type: 'string'],
        direct           : [type: 'boolean', default: false],
        publish          : [type: 'boolean', default: true],
        failOnTestFailure: [type: 'boolean', default: true],
]

/**
 * Runs the smoke tests against an environment ("mlops smoke"), publishes their JUnit XML and
 * returns the summary. The XML is published before the outcome is decided, so failed cases
 * show up in the build's test results.
 */
Map call(Map args = [:]) {
    MlopsCli cli = new MlopsCli(this)
    Map p = cli.arguments('mlopsSmoke', args, PARAMETERS)
    Map outcome = cli.invoke('mlopsSmoke', words(p))
    Map result = outcome.result
    if (p.publish && result?.junit_xml) {
        String xml = cli.inWorkspace(result.junit_xml.toString(), "mlops-smoke/${MlopsCli.safeName(p.env)}")
        junit(testResults: xml, allowEmptyResults: false)
        result.junit_published = xml
    }
    if (outcome.exit == 1 && result?.passed == false && !p.failOnTestFailure) {
        return result
    }
    return cli.finish(outcome, "run mlopsSmoke(env: '${p.env}') again")
}

@NonCPS
List<String> words(Map p) {
    List<String> words = ['smoke']
    MlopsCli.option(words, '--env', p.env)
    MlopsCli.option(words, '--url', p.url)
    MlopsCli.option(words, '--suite', p.suite)
    MlopsCli.option(words, '--report-dir', p.reportDir)
    if (p.direct) {
        words << '--direct'
    }
    return words
}
