package dev.mlops.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * Runs the mlops CLI for a step: settings from withMlops become global options, the JSON
 * result is read back from a file, and the exit code decides the outcome.
 *
 * Settings travel as environment variables (withEnv) rather than in a field, because a
 * withEnv block is scoped like the Jenkinsfile's blocks: nesting overrides and restores it,
 * parallel branches keep their own, and it survives a controller restart.
 */
class MlopsCli implements Serializable {
    private static final long serialVersionUID = 1L

    /** withMlops parameter -> the environment variable holding it and the CLI option it becomes. */
    static final Map SETTINGS = [
            backend     : [variable: 'MLOPS_BACKEND', option: '--backend'],
            stateDir    : [variable: 'MLOPS_STATE_DIR', option: '--state-dir'],
            configFile  : [variable: 'MLOPS_CONFIG', option: '--config'],
            region      : [variable: 'MLOPS_REGION', option: '--region'],
            profile     : [variable: 'MLOPS_PROFILE', option: '--profile'],
            roleArn     : [variable: 'MLOPS_ROLE_ARN', option: '--role-arn'],
            endpointUrl : [variable: 'MLOPS_ENDPOINT_URL', option: '--endpoint-url'],
            deployRepo  : [variable: 'MLOPS_DEPLOY_REPO', option: '--deploy-repo'],
            deployBranch: [variable: 'MLOPS_DEPLOY_BRANCH', option: '--deploy-branch'],
            launcher    : [variable: 'MLOPS_LAUNCHER'],
    ]

    private final def script

    MlopsCli(script) {
        this.script = script
    }

    /** The step's arguments with defaults applied; fails the build naming a bad parameter. */
    Map arguments(String step, Map given, Map declared) {
        String problem = StepParameters.problem(step, given, declared)
        if (problem != null) {
            script.error(problem)
        }
        return StepParameters.withDefaults(given, declared)
    }

    /**
     * Runs "mlops [global options] --output=json WORDS" with stdout sent to a file (progress on
     * stderr still streams to the build log) and returns [step:, exit:, result: Map or null].
     * Each run gets its own file in the workspace's @tmp directory, so parallel branches never
     * share one; the file is kept there as a record of what the CLI answered.
     */
    Map invoke(String step, List<String> words) {
        String out = "${script.pwd(tmp: true)}/mlops-${UUID.randomUUID()}.json"
        List<String> argv = [launcher()] + globalOptions() + ['--output=json'] + words
        int exit = script.sh(script: Shell.command(argv, out), returnStatus: true, label: step)
        String text = script.fileExists(out) ? script.readFile(file: out, encoding: 'UTF-8') : ''
        return [step: step, exit: exit, result: Results.parse(text)]
    }

    /** The result for exit code 0; any other exit code fails the build with the CLI's message. */
    Map finish(Map outcome, String stillRunningHint) {
        String failure = Results.failure(outcome.step, outcome.exit, outcome.result, stillRunningHint)
        if (failure != null) {
            script.error(failure)
        }
        return outcome.result
    }

    /**
     * A workspace-relative path for a file the CLI wrote, as archiveArtifacts and junit need;
     * a file outside the workspace (an absolute state dir) is first copied into copyDir.
     */
    String inWorkspace(String path, String copyDir) {
        String relative = relativeTo(script.pwd(), path)
        if (relative != null) {
            return relative
        }
        String target = "${copyDir}/${path.substring(path.lastIndexOf('/') + 1)}"
        script.sh(script: "mkdir -p ${Shell.quote(copyDir)} && cp ${Shell.quote(path)} ${Shell.quote(target)}",
                label: 'copy mlops output into the workspace')
        return target
    }

    /** "NAME=value" for each withMlops setting given, ready for withEnv. */
    @NonCPS
    static List<String> environment(Map settings) {
        return SETTINGS.findAll { name, s -> settings[name] != null }
                .collect { name, s -> "${s.variable}=${settings[name]}".toString() }
    }

    /** Appends "--name=value" when value is set; the attached form keeps a value starting with '-' a value. */
    @NonCPS
    static void option(List<String> words, String name, Object value) {
        if (value != null) {
            words << "${name}=${value}".toString()
        }
    }

    /** A file or directory name made of safe characters only (environment names go into paths). */
    @NonCPS
    static String safeName(String name) {
        return name.replaceAll(/[^A-Za-z0-9._-]/, '_')
    }

    private String launcher() {
        return script.env.MLOPS_LAUNCHER ?: 'mlops'
    }

    private List<String> globalOptions() {
        List<String> options = []
        for (String name : SETTINGS.keySet()) {
            Map setting = SETTINGS[name]
            String value = script.env[setting.variable]
            if (setting.option && value) {
                options << "${setting.option}=${value}".toString()
            }
        }
        return options
    }

    @NonCPS
    private static String relativeTo(String workspace, String path) {
        if (!path.startsWith('/')) {
            return path
        }
        String prefix = workspace.endsWith('/') ? workspace : workspace + '/'
        return path.startsWith(prefix) ? path.substring(prefix.length()) : null
    }
}
