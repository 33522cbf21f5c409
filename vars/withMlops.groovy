import com.cloudbees.groovy.cps.NonCPS
import dev.mlops.jenkins.MlopsCli
import groovy.transform.Field

@Field static final Map PARAMETERS = [
        backend           : [type: 'string', values: ['local', 'aws']],
        stateDir          : [type: 'string'],
        configFile        : [type: 'string'],
        region            : [type: 'string'],
        profile           : [type: 'string'],
        roleArn           : [type: 'string'],
        endpointUrl       : [type: 'string'],
        deployRepo        : [type: 'string'],
        deployBranch      : [type: 'string'],
        credentials       : [type: 'string'],
        gitCredentials    : [type: 'string'],
        gitCredentialsType: [type: 'string', values: ['usernamePassword', 'secretText']],
        launcher          : [type: 'string'],
]

/** The variables the CLI reads its Git credential from (see GitStoreOptions in the CLI). */
@Field static final String GIT_USERNAME_VARIABLE = 'MLOPS_GIT_USERNAME'
@Field static final String GIT_TOKEN_VARIABLE = 'MLOPS_GIT_TOKEN'

/**
 * Runs body with these mlops settings for every mlops step inside it. The settings are
 * environment variables (withEnv), so an inner withMlops overrides the outer one only inside
 * its own block. Secrets (AWS keys, the desired-state repository's Git credential) are bound
 * by withCredentials as environment variables: masked in the log, never on a command line.
 */
def call(Map config, Closure body) {
    Map settings = new MlopsCli(this).arguments('withMlops', config, PARAMETERS)
    String problem = credentialProblem(settings)
    if (problem != null) {
        error(problem)
    }
    List bindings = credentialBindings(settings)
    return withEnv(MlopsCli.environment(settings)) {
        if (bindings) {
            return withCredentials(bindings) {
                return body()
            }
        }
        return body()
    }
}

def call(Closure body) {
    return call([:], body)
}

// A password written into the repository URL would be on every command line, so in the log.
@NonCPS
String credentialProblem(Map settings) {
    if (settings.deployRepo != null && (settings.deployRepo =~ /:\/\/[^\/@:\s]*:[^\/@\s]*@/).find()) {
        return "cannot run withMlops: parameter 'deployRepo' has a password in its URL, which would be printed in the" +
                " build log; store it as a Jenkins credential and name it with gitCredentials"
    }
    if (settings.gitCredentialsType != null && settings.gitCredentials == null) {
        return "cannot run withMlops: parameter 'gitCredentialsType' needs gitCredentials (the credential's id)"
    }
    return null
}

@NonCPS
List credentialBindings(Map settings) {
    List bindings = []
    if (settings.credentials) {
        bindings << [$class           : 'AmazonWebServicesCredentialsBinding',
                     credentialsId    : settings.credentials,
                     accessKeyVariable: 'AWS_ACCESS_KEY_ID',
                     secretKeyVariable: 'AWS_SECRET_ACCESS_KEY']
    }
    if (settings.gitCredentials && settings.gitCredentialsType == 'secretText') {
        bindings << [$class: 'StringBinding', credentialsId: settings.gitCredentials, variable: GIT_TOKEN_VARIABLE]
    } else if (settings.gitCredentials) {
        bindings << [$class          : 'UsernamePasswordMultiBinding',
                     credentialsId   : settings.gitCredentials,
                     usernameVariable: GIT_USERNAME_VARIABLE,
                     passwordVariable: GIT_TOKEN_VARIABLE]
    }
    return bindings
}
