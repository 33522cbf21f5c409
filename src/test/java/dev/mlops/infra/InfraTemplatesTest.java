package dev.mlops.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.PredictFunction;
import dev.mlops.spec.EnvironmentSpec;
import dev.mlops.spec.EnvironmentSpecParser;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The templates a user deploys once (model-deploy/infra): they parse as CloudFormation reads them,
 * every reference resolves, and what they wire together is what the product expects: the Lambda
 * handler that exists, a role that can only invoke its environment's endpoint, the URL shape the
 * environment file takes, an approval rule that matches what the Jenkinsfile's trigger reads, and
 * the alarm names the prod deployment policy gives.
 */
class InfraTemplatesTest {
    static final Path INFRA = Path.of("model-deploy", "infra");
    static final Path ENVIRONMENTS = Path.of("model-deploy", "environments");
    private static final ObjectMapper JSON = new ObjectMapper();

    static CfnTemplate template(String name) throws IOException {
        return CfnTemplate.read(INFRA.resolve(name));
    }

    static List<Path> templates() throws IOException {
        try (Stream<Path> files = Files.list(INFRA)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void everyTemplateParsesAndEveryReferenceResolves() throws IOException {
        assertEquals(List.of("alarms.yaml", "api.yaml", "events.yaml"),
                templates().stream().map(p -> p.getFileName().toString()).toList());
        for (Path file : templates()) {
            CfnTemplate template = CfnTemplate.read(file);
            assertFalse(template.resources().isEmpty(), file.toString());
            assertEquals(List.of(), TemplateCheck.problems(template), file.toString());
        }
    }

    @Test
    void theCheckCatchesWhatItIsFor() throws IOException {
        Path broken = Files.createTempFile("broken", ".yaml");
        try {
            Files.writeString(broken, String.join("\n", "AWSTemplateFormatVersion: \"2010-09-09\"",
                    "Parameters:", "  Unused: {Type: String}", "  Env: {Type: String, Default: Prod, AllowedPattern: \"^[a-z]+$\"}",
                    "Resources:", "  Queue:", "    Type: AWS::SQS::Queue", "    DependsOn: Nothing",
                    "    Properties:", "      QueueName: !Sub \"${Env}-${Missing}-${Topic.Arn}-${Queue.Nope}-${!Literal}\"",
                    "      Tags: [{Key: a, Value: !If [NoSuchCondition, !Ref Env, !GetAtt Queue.Arn]}]",
                    "  Bucket:", "    Type: AWS::S3::Bucket", ""));
            List<String> problems = TemplateCheck.problems(CfnTemplate.read(broken));
            assertEquals(List.of("parameter Env: default 'Prod' does not match its AllowedPattern",
                    "resource Queue: DependsOn Nothing is no resource",
                    "resource Queue: Ref Missing is no parameter, resource or pseudo parameter",
                    "resource Queue: GetAtt Topic.Arn names no resource",
                    "resource Queue: AWS::SQS::Queue Queue has no attribute Nope (known: " + TemplateCheck.TYPES.get("AWS::SQS::Queue") + ")",
                    "resource Queue: no condition NoSuchCondition",
                    "resource Bucket: type AWS::S3::Bucket is not in the known list",
                    "parameter Unused is never used"), problems);
        } finally {
            Files.delete(broken);
        }
    }

    @Test
    void theApiRunsTheHandlerThatExistsOnAJavaRuntime() throws Exception {
        CfnTemplate api = template("api.yaml");
        Map<String, Object> function = api.properties("Function");
        String handler = (String) function.get("Handler");
        String[] parts = handler.split("::");
        Class<?> type = Class.forName(parts[0]);
        assertEquals(PredictFunction.class, type);
        assertTrue(RequestHandler.class.isAssignableFrom(type), handler + " is a RequestHandler");
        assertTrue(Modifier.isPublic(type.getConstructor().getModifiers()), "Lambda constructs it without arguments");
        Method method = type.getMethod(parts[1], APIGatewayV2HTTPEvent.class, Context.class);
        assertTrue(Modifier.isPublic(method.getModifiers()));

        Intrinsics staging = new Intrinsics(api, Map.of("Env", "staging", "CodeBucket", "b", "CodeKey", "k"));
        String runtime = staging.string(function.get("Runtime"));
        Matcher java = Pattern.compile("java(\\d+)").matcher(runtime);
        assertTrue(java.matches() && Integer.parseInt(java.group(1)) >= 17, "a Java 17+ runtime, found " + runtime);
        Map<String, Object> environment = cast(cast(staging.eval(function.get("Environment"))).get("Variables"));
        assertEquals(Map.of(PredictFunction.ENDPOINT_NAME_VARIABLE, "predictive-maintenance-staging"), environment,
                "the endpoint is <project>-<env> as the environment files derive it");
        Map<String, Object> named = cast(cast(new Intrinsics(api, Map.of("Env", "staging", "CodeBucket", "b", "CodeKey", "k",
                "EndpointName", "churn-staging")).eval(function.get("Environment"))).get("Variables"));
        assertEquals("churn-staging", named.get(PredictFunction.ENDPOINT_NAME_VARIABLE));
        assertEquals(Map.of("S3Bucket", "b", "S3Key", "k"), staging.eval(function.get("Code")));
        int timeout = Integer.parseInt(String.valueOf(function.get("Timeout")));
        int integrationTimeout = Integer.parseInt(String.valueOf(api.properties("Integration").get("TimeoutInMillis")));
        assertTrue(timeout * 1000 < integrationTimeout, "the function ends before the API gives up on it");
        assertEquals(Map.of("ApplyOn", "PublishedVersions"), staging.eval(function.get("SnapStart")));
        assertEquals(null, new Intrinsics(api, Map.of("Env", "staging", "CodeBucket", "b", "CodeKey", "k", "SnapStart", "false"))
                .eval(function.get("SnapStart")));
    }

    @Test
    void theApiRoutesPostAndEveryOtherMethodToTheFunctionsLiveAlias() throws IOException {
        CfnTemplate api = template("api.yaml");
        Intrinsics iam = new Intrinsics(api, Map.of("Env", "prod", "CodeBucket", "b", "CodeKey", "k", "Authorization", "AWS_IAM"));
        Intrinsics open = new Intrinsics(api, Map.of("Env", "prod", "CodeBucket", "b", "CodeKey", "k"));
        Map<String, String> routes = new LinkedHashMap<>();
        Map<String, String> openRoutes = new LinkedHashMap<>();
        for (String id : api.ofType("AWS::ApiGatewayV2::Route")) {
            Map<String, Object> route = api.properties(id);
            assertEquals("integrations/{Integration}", iam.string(route.get("Target")), id);
            routes.put((String) route.get("RouteKey"), iam.string(route.get("AuthorizationType")));
            openRoutes.put((String) route.get("RouteKey"), open.string(route.get("AuthorizationType")));
        }
        assertEquals(Map.of("POST /predict", "AWS_IAM", "ANY /predict", "NONE"), routes,
                "auth: iam signs predictions; the CORS preflight cannot be signed");
        assertEquals(Map.of("POST /predict", "NONE", "ANY /predict", "NONE"), openRoutes);
        Map<String, Object> integration = api.properties("Integration");
        assertEquals("AWS_PROXY", integration.get("IntegrationType"));
        assertEquals("2.0", integration.get("PayloadFormatVersion"), "PredictFunction reads payload v2 events");
        assertEquals("{FunctionAlias}", iam.string(integration.get("IntegrationUri")));
        assertEquals("{FunctionAlias}", iam.string(api.properties("ApiInvokesFunction").get("FunctionName")));
        assertEquals("{FunctionVersion.Version}", iam.string(api.properties("FunctionAlias").get("FunctionVersion")));
        assertEquals("prod", iam.string(api.properties("Stage").get("StageName")));
        assertEquals("arn:aws:execute-api:eu-west-1:123456789012:{Api}/prod/*/predict",
                iam.string(api.properties("ApiInvokesFunction").get("SourceArn")));
        assertFalse(api.properties("Api").containsKey("CorsConfiguration"),
                "the handler answers the preflight; API Gateway's CORS would answer it instead");
    }

    @Test
    void theFunctionMayOnlyInvokeItsOwnEndpointAndWriteItsOwnLogs() throws IOException {
        CfnTemplate api = template("api.yaml");
        for (Map.Entry<Map<String, String>, String> c : Map.of(
                Map.of("Env", "staging", "CodeBucket", "b", "CodeKey", "k"), "predictive-maintenance-staging",
                Map.of("Env", "prod", "CodeBucket", "b", "CodeKey", "k", "EndpointName", "pm-live"), "pm-live").entrySet()) {
            Intrinsics values = new Intrinsics(api, c.getKey());
            Map<String, Object> role = cast(values.eval(api.properties("FunctionRole")));
            assertFalse(role.containsKey("ManagedPolicyArns"), "no managed policy widens the role");
            assertEquals(List.of(Map.of("Effect", "Allow", "Principal", Map.of("Service", "lambda.amazonaws.com"),
                    "Action", "sts:AssumeRole")), cast(role.get("AssumeRolePolicyDocument")).get("Statement"));
            List<Map<String, Object>> statements = new ArrayList<>();
            for (Object policy : (List<?>) role.get("Policies")) {
                for (Object statement : (List<?>) cast(cast(policy).get("PolicyDocument")).get("Statement")) {
                    statements.add(cast(statement));
                }
            }
            assertEquals(2, statements.size(), statements.toString());
            Map<String, Object> invoke = statements.get(0);
            assertEquals("Allow", invoke.get("Effect"));
            assertEquals("sagemaker:InvokeEndpoint", invoke.get("Action"));
            assertEquals("arn:aws:sagemaker:eu-west-1:123456789012:endpoint/" + c.getValue(), invoke.get("Resource"));
            Map<String, Object> logs = statements.get(1);
            assertEquals(List.of("logs:CreateLogStream", "logs:PutLogEvents"), logs.get("Action"));
            assertEquals("{FunctionLogGroup.Arn}", logs.get("Resource"));
            for (Map<String, Object> statement : statements) {
                assertFalse(statement.containsKey("NotAction") || statement.containsKey("NotResource"), statement.toString());
                assertFalse(String.valueOf(statement.get("Action")).contains("*"), statement.toString());
                assertFalse(String.valueOf(statement.get("Resource")).contains("*"), statement.toString());
            }
            String functionLogs = values.string(api.properties("FunctionLogGroup").get("LogGroupName"));
            assertEquals(values.string(api.properties("Function").get("FunctionName")), functionLogs.substring("/aws/lambda/".length()));
            assertEquals("{FunctionLogGroup}", values.string(cast(api.properties("Function").get("LoggingConfig")).get("LogGroup")));
        }
        for (String id : api.ofType("AWS::Logs::LogGroup")) {
            assertTrue(api.properties(id).containsKey("RetentionInDays"), id + " keeps logs for a bounded time");
        }
    }

    @Test
    void everySettingOfTheFunctionPublishesANewVersion() throws IOException {
        CfnTemplate api = template("api.yaml");
        Set<String> function = new TreeSet<>(TemplateCheck.parametersUsedBy(api, api.properties("Function")));
        Set<String> version = new TreeSet<>(TemplateCheck.parametersUsedBy(api, api.properties("FunctionVersion")));
        assertTrue(version.containsAll(function), "a published version is immutable: when " + function
                + " change, the version's description must change so that a new one is published; it names only " + version);
    }

    @Test
    void theApiUrlOutputIsWhatTheEnvironmentFileTakes() throws IOException {
        CfnTemplate api = template("api.yaml");
        for (String env : List.of("staging", "prod")) {
            Intrinsics values = new Intrinsics(api, Map.of("Env", env, "CodeBucket", "b", "CodeKey", "k"));
            String url = values.string(cast(api.outputs().get("ApiUrl")).get("Value"))
                    .replace("{Api.ApiEndpoint}", "https://abc123.execute-api.eu-west-1.amazonaws.com");
            assertEquals("https://abc123.execute-api.eu-west-1.amazonaws.com/" + env + "/predict", url);
            Path file = ENVIRONMENTS.resolve(env + ".yaml");
            String text = Files.readString(file);
            assertTrue(text.contains("#   url: " + url), file + " shows the URL the api stack outputs");
            EnvironmentSpec spec = EnvironmentSpecParser.parse(text + "\napi:\n  url: " + url + "\n", file.toString());
            assertEquals(url, spec.api().orElseThrow().url());
            assertEquals(spec.endpoint().name(), values.string(cast(api.outputs().get("EndpointName")).get("Value")),
                    "the stack's endpoint is the one the environment file derives");
        }
    }

    @Test
    void theApprovalRuleForwardsApprovedAndRejectedPackagesOfTheGroupOnly() throws IOException {
        CfnTemplate events = template("events.yaml");
        Intrinsics values = new Intrinsics(events, Map.of("JenkinsWebhookUrl", "https://jenkins.example.com/generic-webhook-trigger/invoke",
                "WebhookToken", "0123456789abcdef"));
        Map<String, Object> rule = cast(values.eval(events.properties("ApprovalRule")));
        Map<String, Object> pattern = cast(rule.get("EventPattern"));
        assertTrue(EventPattern.matches(pattern, sample("Approved")));
        assertTrue(EventPattern.matches(pattern, sample("Rejected")));
        assertFalse(EventPattern.matches(pattern, sample("PendingManualApproval")));
        Map<String, Object> otherGroup = sample("Approved");
        cast(otherGroup.get("detail")).put("ModelPackageGroupName", "churn-models");
        assertFalse(EventPattern.matches(pattern, otherGroup));
        Map<String, Object> pipelineEvent = sample("Approved");
        pipelineEvent.put("detail-type", "SageMaker Model Building Pipeline Execution Status Change");
        assertFalse(EventPattern.matches(pattern, pipelineEvent));
        Map<String, Object> spoofed = sample("Approved");
        spoofed.put("source", "my.app");
        assertFalse(EventPattern.matches(pattern, spoofed), "only SageMaker's own events");

        List<?> targets = (List<?>) rule.get("Targets");
        assertEquals(1, targets.size());
        Map<String, Object> target = cast(targets.get(0));
        assertEquals("{WebhookDestination.Arn}", target.get("Arn"));
        assertEquals(Map.of("MaximumRetryAttempts", "185", "MaximumEventAgeInSeconds", "86400"), target.get("RetryPolicy"));
        assertEquals(Map.of("Arn", "{DeadLetterQueue.Arn}"), target.get("DeadLetterConfig"));
        assertFalse(target.containsKey("InputTransformer") || target.containsKey("InputPath") || target.containsKey("Input"),
                "the whole event goes to Jenkins, whose trigger reads it with JSONPath");
        Map<String, Object> destination = cast(values.eval(events.properties("WebhookDestination")));
        assertEquals("POST", destination.get("HttpMethod"));
        assertEquals("https://jenkins.example.com/generic-webhook-trigger/invoke", destination.get("InvocationEndpoint"));
        Map<String, Object> connection = cast(values.eval(events.properties("WebhookConnection")));
        assertEquals("API_KEY", connection.get("AuthorizationType"));
        assertEquals(Map.of("ApiKeyName", "token", "ApiKeyValue", "0123456789abcdef"),
                cast(connection.get("AuthParameters")).get("ApiKeyAuthParameters"), "Generic Webhook Trigger's token header");
        assertEquals("true", String.valueOf(cast(events.parameters().get("WebhookToken")).get("NoEcho")));
    }

    @Test
    void theJenkinsTriggerFindsWhatItReadsInTheForwardedEvent() throws IOException {
        String jenkinsfile = Files.readString(Path.of("model-deploy", "Jenkinsfile"));
        Map<String, Object> event = sample("Approved");
        assertTrue(jenkinsfile.contains("value: '$.detail.ModelPackageGroupName'"));
        assertEquals("end-to-end-ml-sm-model-package-group", cast(event.get("detail")).get("ModelPackageGroupName"));
        assertTrue(jenkinsfile.contains("value: '$.detail.ModelApprovalStatus'"));
        assertEquals("Approved", cast(event.get("detail")).get("ModelApprovalStatus"));
        assertTrue(jenkinsfile.contains("value: '$[\"detail-type\"]'"));
        assertEquals("SageMaker Model Package State Change", event.get("detail-type"));
        Matcher credential = Pattern.compile("tokenCredentialId: '([^']+)'").matcher(jenkinsfile);
        assertTrue(credential.find());
        String description = String.valueOf(cast(template("events.yaml").parameters().get("WebhookToken")).get("Description"));
        assertTrue(description.contains(credential.group(1)), "the token parameter names the Jenkins credential: " + description);
    }

    @Test
    void theAlarmsAreTheOnesTheProdDeploymentPolicyNames() throws IOException {
        CfnTemplate alarms = template("alarms.yaml");
        Intrinsics prod = new Intrinsics(alarms, Map.of());
        Set<String> created = new TreeSet<>();
        for (String id : alarms.ofType("AWS::CloudWatch::Alarm")) {
            created.add(prod.string(alarms.properties(id).get("AlarmName")));
        }
        Path file = ENVIRONMENTS.resolve("prod.yaml");
        String text = Files.readString(file);
        EnvironmentSpec spec = EnvironmentSpecParser.parse(text, file.toString());
        Set<String> named = new TreeSet<>(spec.deployment().alarms());
        // Until the alarms exist on an account, prod.yaml shows their names in the comment above the
        // list, the way to turn them on; either way the names are the ones the stack creates.
        Matcher mentioned = Pattern.compile("\\b" + Pattern.quote(spec.endpoint().name()) + "-[a-z0-9-]*[a-z0-9]\\b").matcher(text);
        while (mentioned.find()) {
            named.add(mentioned.group());
        }
        assertEquals(Set.of("predictive-maintenance-prod-5xx", "predictive-maintenance-prod-latency-p99"), created);
        assertEquals(created, named, file + " names the alarms the alarms stack creates");

        String errors = prod.string(cast(((List<?>) alarms.properties("ErrorAlarm").get("Metrics")).get(0)).get("Expression"));
        assertTrue(errors.contains("FROM SCHEMA(\"AWS/SageMaker\", EndpointName, VariantName)")
                && errors.endsWith("WHERE EndpointName = '" + spec.endpoint().name() + "'"), errors);
        CfnTemplate api = template("api.yaml");
        String function = new Intrinsics(api, Map.of("Env", "prod", "CodeBucket", "b", "CodeKey", "k"))
                .string(api.properties("Function").get("FunctionName"));
        Map<String, Object> latency = cast(prod.eval(alarms.properties("LatencyAlarm")));
        assertEquals(List.of(Map.of("Name", "FunctionName", "Value", function)), latency.get("Dimensions"),
                "the latency alarm watches the prod API's function");
        assertEquals("p99", latency.get("ExtendedStatistic"));
        for (String id : alarms.ofType("AWS::CloudWatch::Alarm")) {
            assertEquals("notBreaching", alarms.properties(id).get("TreatMissingData"), id + ": no traffic is no reason to roll back");
        }
    }

    @Test
    void cfnLintFindsNothing() throws Exception {
        CfnLint.requireInstalled();
        List<String> command = new ArrayList<>(List.of("cfn-lint", "--"));
        templates().forEach(t -> command.add(t.toString()));
        CfnLint.Result result = CfnLint.run(command);
        assertEquals(0, result.exitCode(), "cfn-lint found problems:\n" + result.output());
    }

    private static Map<String, Object> sample(String approvalStatus) throws IOException {
        try (InputStream in = InfraTemplatesTest.class.getResourceAsStream("model-package-state-change.json")) {
            Map<String, Object> event = JSON.readValue(in, new TypeReference<LinkedHashMap<String, Object>>() { });
            cast(event.get("detail")).put("ModelApprovalStatus", approvalStatus);
            return event;
        }
    }

    private static Map<String, Object> cast(Object map) {
        return CfnTemplate.cast(map);
    }
}
