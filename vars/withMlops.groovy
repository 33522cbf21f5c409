import dev.mlops.jenkins.MlopsCli
import groovy.transform.Field

@Field static final Map PARAMETERS = [
        backend    : [type: 'string', values: ['local', 'aws']],
        stateDir   : [type: 'string'],
        configFile : [type: 'string'],
        region     : [type: 'string'],
        profile    : [type: 'string'],
        roleArn    : [type: 'string'],
        endpointUrl: [type: 'string'],
        credentials: [type: 'string'],
        launcher   : [type: 'string'],
]

/**
 * Runs body with these mlops settings for every mlops step inside it. The settings are
 * environment variables (withEnv), so an inner withMlops overrides the outer one only inside
 * its own block; credentials are bound by the AWS Credentials plugin and never printed.
 */
def call(Map config, Closure body) {
    Map settings = new MlopsCli(this).arguments('withMlops', config, PARAMETERS)
    return withEnv(MlopsCli.environment(settings)) {
        if (settings.credentials) {
            return withCredentials([[$class           : 'AmazonWebServicesCredentialsBinding',
                                     credentialsId    : settings.credentials,
                                     accessKeyVariable: 'AWS_ACCESS_KEY_ID',
                                     secretKeyVariable: 'AWS_SECRET_ACCESS_KEY']]) {
                return body()
            }
        }
        return body()
    }
}

def call(Closure body) {
    return call([:], body)
}
