import com.cloudbees.groovy.cps.NonCPS
import dev.mlops.jenkins.MlopsCli
import dev.mlops.jenkins.Results
import groovy.transform.Field

@Field static final Map PARAMETERS = [
        pipeline         : [type: 'string'],
        data             : [type: 'string'],
        params           : [type: 'map', default: [:]],
        commit           : [type: 'string'],
        timeout          : [type: 'string'],
        onAbort          : [type: 'string', values: ['stop', 'leave'], default: 'stop'],
        attach           : [type: 'string'],
        failOnQualityGate: [type: 'boolean', default: true],
        archive          : [type: 'boolean', default: true],
]

/**
 * Builds and registers the model ("mlops build") and returns the CLI's result with
 * quality_gate_passed added. The report is archived before the outcome is decided, so it is
 * kept when the quality gate fails, which is when it matters most.
 */
Map call(Map args = [:]) {
    MlopsCli cli = new MlopsCli(this)
    Map p = cli.arguments('mlopsBuild', args, PARAMETERS)
    Map outcome = cli.invoke('mlopsBuild', words(p, env.GIT_COMMIT))
    Map result = outcome.result
    if (p.archive && result != null) {
        archiveReports(cli, result)
    }
    String gate = Results.qualityGateFailure(outcome.exit, result)
    if (gate != null) {
        result.quality_gate_passed = false
        result.quality_gate_message = gate
        if (!p.failOnQualityGate) {
            echo "mlopsBuild: the quality gate failed: ${gate}"
            return result
        }
    }
    Map done = cli.finish(outcome, attachHint(result))
    done.quality_gate_passed = true
    return done
}

void archiveReports(MlopsCli cli, Map result) {
    List<String> files = []
    for (String key : ['report', 'evaluation']) {
        if (result[key] && isRemote(result[key].toString())) {
            // On AWS the evaluation stays in S3: no file on the agent to archive, its URI is in the result.
            echo "mlopsBuild: the ${key} is at ${result[key]}, not archived"
        } else if (result[key]) {
            files << cli.inWorkspace(result[key].toString(), 'mlops-reports')
        }
    }
    if (files) {
        archiveArtifacts(artifacts: files.join(','), fingerprint: true)
        result.archived = files
    }
}

@NonCPS
static boolean isRemote(String location) {
    return location ==~ /^[A-Za-z][A-Za-z0-9+.-]*:\/\/.*/
}

@NonCPS
List<String> words(Map p, Object gitCommit) {
    List<String> words = ['build']
    MlopsCli.option(words, '--pipeline', p.pipeline)
    MlopsCli.option(words, '--data', p.data)
    p.params.each { name, value -> MlopsCli.option(words, '--param', "${name}=${value}") }
    MlopsCli.option(words, '--commit', p.commit ?: gitCommit)
    MlopsCli.option(words, '--timeout', p.timeout)
    MlopsCli.option(words, '--attach', p.attach)
    MlopsCli.option(words, '--on-abort', p.onAbort)
    return words
}

@NonCPS
String attachHint(Map result) {
    String arn = result?.execution_arn
    return arn ? "attach to it with mlopsBuild(attach: '${arn}') or mlops build --attach ${arn}".toString()
            : 'the pipeline execution goes on; attach to it with mlopsBuild(attach: ARN), the ARN is in the log above'
}
