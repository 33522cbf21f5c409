package dev.mlops.jenkins

import com.cloudbees.groovy.cps.NonCPS
import groovy.json.JsonSlurperClassic

/**
 * Reads the CLI's JSON result and turns its exit code into the step's outcome, in one place:
 * 0 ok, 1 the work failed, 2 usage or input error, 3 still running (the remote work goes on),
 * 70 internal error (a bug in mlops: it fails the build and is never taken for "still running").
 */
final class Results implements Serializable {
    private static final long serialVersionUID = 1L

    private Results() {
    }

    /**
     * The JSON object the CLI printed, or null when it printed none. JsonSlurperClassic builds
     * plain HashMaps and ArrayLists, which survive a CPS checkpoint; JsonSlurper's LazyMap does not.
     */
    @NonCPS
    static Map parse(String text) {
        if (text == null || text.trim().isEmpty()) {
            return null
        }
        try {
            Object value = new JsonSlurperClassic().parseText(text)
            return value instanceof Map ? (Map) value : null
        } catch (Exception notJson) {
            return null
        }
    }

    /** The CLI's own explanation of a failure: its error message, else the failed steps' reasons. */
    @NonCPS
    static String message(Map result) {
        if (result == null) {
            return null
        }
        if (result.error instanceof Map && result.error.message) {
            return result.error.message.toString()
        }
        if (result.message) {
            return result.message.toString()
        }
        List reasons = (result.steps instanceof List ? result.steps : [])
                .findAll { it instanceof Map && it.status == 'Failed' && it.failure_reason }
                .collect { "${it.name}: ${it.failure_reason}".toString() }
        return reasons ? reasons.join('; ') : null
    }

    /**
     * The message that fails the build for this exit code, or null when the step succeeded.
     * stillRunningHint tells the user how to resume waiting after exit 3.
     */
    @NonCPS
    static String failure(String step, int exit, Map result, String stillRunningHint) {
        String cli = message(result)
        switch (exit) {
            case 0:
                return result == null ? "cannot read the result of ${step}: the mlops CLI printed no JSON object on its standard output".toString() : null
            case 1:
                return "${step}: ${cli ?: 'the work failed (mlops exit code 1) without a message; see the log above'}".toString()
            case 2:
                return "${step}: the mlops CLI rejected the request: ${cli ?: 'usage or input error (mlops exit code 2); see the log above'}".toString()
            case 3:
                return "${step}: still running: ${cli ?: 'the time-out of this step expired while the remote work goes on'}; ${stillRunningHint}".toString()
            case 70:
                return "${step}: internal error in the mlops CLI (exit code 70, a bug in mlops, not a failure of the work): ${cli ?: 'see the log above'}; run it again with MLOPS_DEBUG=1 for the stack trace and report it".toString()
            case 126:
            case 127:
                return "cannot run ${step}: the mlops launcher was not found or is not executable (exit code ${exit}); put mlops on the agent's PATH or set withMlops(launcher: '/path/to/mlops')".toString()
            default:
                return "${step}: the mlops CLI ended with exit code ${exit}${exit > 128 ? " (signal ${exit - 128})" : ''}; see the log above".toString()
        }
    }

    /**
     * The quality gate's message when a build failed on its gate rather than on a step, else
     * null. The CLI contract only says "exit 1"; we recognise an explicit
     * "quality_gate": {"passed": false} object, or a failed step or error whose text names
     * the quality gate.
     */
    @NonCPS
    static String qualityGateFailure(int exit, Map result) {
        if (exit != 1 || result == null) {
            return null
        }
        if (result.quality_gate instanceof Map && result.quality_gate.passed == false) {
            return (result.quality_gate.message ?: message(result) ?: 'the quality gate failed').toString()
        }
        Map step = (result.steps instanceof List ? result.steps : []).find {
            it instanceof Map && it.status == 'Failed' && (namesGate(it.name) || namesGate(it.failure_reason))
        }
        if (step != null) {
            return (step.failure_reason ?: "${step.name} failed").toString()
        }
        String error = result.error instanceof Map ? result.error.message : null
        return namesGate(error) ? error : null
    }

    @NonCPS
    private static boolean namesGate(Object text) {
        return text != null && (text.toString() =~ /(?i)quality[\s_-]*gate/).find()
    }
}
