using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Marketplace.Events;
using Marketplace.Queues;
using Marketplace.Registry;
using Marketplace.Storage;
using Xunit;

namespace Marketplace.Tests.Infra;

/// <summary>
/// The deployment contract, read from the committed Bicep snapshots (infra/bicep/snapshots; scripts/validate-infra.sh
/// fails when the Bicep drifts from them): every setting the app reads in Azure is set, no key or secret-bearing
/// connection string is deployed, local auth is off everywhere, each data-plane access has exactly its role
/// assignment, and the resources the code uses by name exist.
/// </summary>
public sealed class BicepSnapshotTests
{
    const string AppIdentity = "Microsoft.ManagedIdentity/userAssignedIdentities/agentmktdev-app-id";
    const string AgentsIdentity = "Microsoft.ManagedIdentity/userAssignedIdentities/agentmktdev-agents-id";

    /// <summary>
    /// App settings the code needs in Azure (Functions host and worker). Flex Consumption sets the runtime in
    /// functionAppConfig instead of FUNCTIONS_WORKER_RUNTIME/FUNCTIONS_EXTENSION_VERSION (see <see cref="The_app_runs_dotnet_isolated_10_on_flex_consumption"/>).
    /// </summary>
    static readonly string[] RequiredAppSettings =
    [
        // Triggers, the Durable task hub and the app's Table/Blob/Queue clients (identity-based connection).
        "AzureWebJobsStorage__accountName",
        "AzureWebJobsStorage__blobServiceUri",
        "AzureWebJobsStorage__queueServiceUri",
        "AzureWebJobsStorage__tableServiceUri",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        // DefaultAzureCredential (Cosmos DB, Service Bus, Azure Monitor exporter) with a user-assigned identity.
        "AZURE_CLIENT_ID",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        "Marketplace__AdminKey",
        "Marketplace__PublicBaseUrl",
        "Documents__Provider",
        "Documents__Cosmos__Endpoint",
        "Durable__TaskHub",
        "A2A__Push__SigningKeyPem",
        "ServiceBus__FullyQualifiedNamespace",
        // Without Neo4j the embedded graph needs a writable path: the app's own files are read-only.
        "Neo4j__EmbeddedPath",
    ];

    static readonly Lazy<string> Root = new(FindRepoRoot);
    static readonly Lazy<JsonArray> Dev = new(() => Load("dev"));
    static readonly Lazy<JsonArray> Prod = new(() => Load("prod"));

    [Fact]
    public void Every_setting_the_app_reads_in_azure_is_set()
    {
        var settings = AppSettings(Dev.Value);
        Assert.All(RequiredAppSettings, name => Assert.True(settings.ContainsKey(name), $"{name} is not set by the Bicep"));

        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Contains(AppIdentity + "', '2023-01-31').clientId", settings["AzureWebJobsStorage__clientId"]);
        Assert.Equal(settings["AzureWebJobsStorage__clientId"], settings["AZURE_CLIENT_ID"]);
        foreach (var service in new[] { "blob", "queue", "table" })
            Assert.EndsWith($").primaryEndpoints.{service}]", settings[$"AzureWebJobsStorage__{service}ServiceUri"]);

        Assert.Equal(nameof(DocumentsProvider.Cosmos), settings["Documents__Provider"]);
        Assert.EndsWith(").documentEndpoint]", settings["Documents__Cosmos__Endpoint"]);
        Assert.Equal(new CosmosSettings().Database, settings["Documents__Cosmos__Database"]);

        // host.json names the task hub "%Durable__TaskHub%"; task hub names are 3-45 letters and digits.
        Assert.Contains("%Durable__TaskHub%", File.ReadAllText(Path.Combine(Root.Value, "host.json")));
        Assert.Matches("^[A-Za-z][A-Za-z0-9]{2,44}$", settings["Durable__TaskHub"]);

        Assert.EndsWith(").ConnectionString]", settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        Assert.StartsWith("[format('Authorization=AAD;ClientId={0}'", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        Assert.Contains(AppIdentity, settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        Assert.EndsWith(").serviceBusEndpoint, 'https://', ''), ':')[0]]", settings["ServiceBus__FullyQualifiedNamespace"]);
        Assert.Contains(".defaultHostName)]", settings["Marketplace__PublicBaseUrl"]);
        Assert.StartsWith("[format('https://", settings["Marketplace__PublicBaseUrl"]);
        Assert.StartsWith("/tmp/", settings["Neo4j__EmbeddedPath"]);
    }

    [Theory]
    [InlineData("Marketplace__AdminKey", "marketplace-admin-key")]
    [InlineData("A2A__Push__SigningKeyPem", "push-signing-key")]
    [InlineData("Webhooks__SecretKey", "webhook-secret-key")]
    public void Secrets_are_key_vault_references_resolved_with_the_app_identity(string setting, string secretName)
    {
        var value = AppSettings(Dev.Value)[setting];
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0}secrets/{1})', reference('", value);
        Assert.Contains($"/providers/Microsoft.KeyVault/vaults/{Single(Dev.Value, "Microsoft.KeyVault/vaults")["name"]}', '2023-07-01').vaultUri, '{secretName}')]", value);
        Assert.EndsWith(AppIdentity, Site()["properties"]!["keyVaultReferenceIdentity"]!.GetValue<string>());
    }

    [Fact]
    public void The_app_runs_dotnet_isolated_10_on_flex_consumption()
    {
        var site = Site();
        var plan = Single(Dev.Value, "Microsoft.Web/serverfarms");
        Assert.Equal("FC1", plan["sku"]!["name"]!.GetValue<string>());
        Assert.Equal("FlexConsumption", plan["sku"]!["tier"]!.GetValue<string>());

        var config = site["properties"]!["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", config["runtime"]!["name"]!.GetValue<string>());
        Assert.Equal("10.0", config["runtime"]!["version"]!.GetValue<string>());
        var durable = Assert.Single(config["scaleAndConcurrency"]!["alwaysReady"]!.AsArray(), g => g!["name"]!.GetValue<string>() == "durable")!;
        Assert.True(durable["instanceCount"]!.GetValue<int>() >= 1);
        Assert.True(config["scaleAndConcurrency"]!["instanceMemoryMB"]!.GetValue<int>() >= 2048);

        var deployment = config["deployment"]!["storage"]!;
        Assert.Equal("blobContainer", deployment["type"]!.GetValue<string>());
        Assert.Equal("UserAssignedIdentity", deployment["authentication"]!["type"]!.GetValue<string>());
        Assert.EndsWith(AppIdentity, deployment["authentication"]!["userAssignedIdentityResourceId"]!.GetValue<string>());

        Assert.True(site["properties"]!["httpsOnly"]!.GetValue<bool>());
        Assert.Equal("UserAssigned", site["identity"]!["type"]!.GetValue<string>());
        // Flex Consumption rejects these: the runtime comes from functionAppConfig.
        var settings = AppSettings(Dev.Value);
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", settings.Keys);
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", settings.Keys);
        Assert.DoesNotContain("WEBSITE_RUN_FROM_PACKAGE", settings.Keys);
        // No basic-auth publishing.
        Assert.All(OfType(Dev.Value, "Microsoft.Web/sites/basicPublishingCredentialsPolicies"), p => Assert.False(p["properties"]!["allow"]!.GetValue<bool>()));
        Assert.Equal(2, OfType(Dev.Value, "Microsoft.Web/sites/basicPublishingCredentialsPolicies").Count());
    }

    static readonly Regex SecretPattern = new(
        @"(AccountKey|SharedAccessKey|SharedAccessKeyName|SharedAccessSignature|AccessKey|Password|Pwd|ClientSecret)\s*=|DefaultEndpointsProtocol=|AccountEndpoint=|Endpoint=sb://|\blist[A-Za-z]*\(",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    [Fact]
    public void No_app_setting_holds_a_key_or_a_connection_string_with_a_secret()
    {
        foreach (var (name, value) in AppSettings(Dev.Value))
        {
            Assert.False(SecretPattern.IsMatch(value), $"{name} looks like a secret: {value}");
            // The only connection string is Application Insights', which names the ingestion endpoint (local auth is off).
            if (name.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase) || name.Contains("CONNECTION_STRING", StringComparison.Ordinal))
                Assert.Equal("APPLICATIONINSIGHTS_CONNECTION_STRING", name);
        }
        Assert.DoesNotContain("AzureWebJobsStorage", AppSettings(Dev.Value).Keys); // a connection string, not identity-based
    }

    static readonly Regex SecretOutputName = new("(password|connectionstring|accountkey|accesskey|sharedkey|credential|token)|Key$", RegexOptions.IgnoreCase);

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Nothing_deployed_or_output_reads_a_key(string env)
    {
        var snapshot = LoadDocument(env);
        Assert.Empty(snapshot["diagnostics"]!.AsArray());
        var match = SecretPattern.Match(snapshot["predictedResources"]!.ToJsonString());
        Assert.False(match.Success, $"the {env} deployment holds '{match.Value}'");
        foreach (var (name, value) in snapshot["outputs"]!.AsObject())
        {
            Assert.DoesNotMatch(SecretPattern, value!.ToJsonString());
            Assert.DoesNotContain("ConnectionString", value.ToJsonString(), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotMatch(SecretOutputName, name);
        }
    }

    [Fact]
    public void Shared_keys_and_local_auth_are_off()
    {
        var storage = Single(Dev.Value, "Microsoft.Storage/storageAccounts")["properties"]!;
        Assert.False(storage["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.False(storage["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", storage["minimumTlsVersion"]!.GetValue<string>());
        Assert.True(storage["supportsHttpsTrafficOnly"]!.GetValue<bool>());

        Assert.True(Single(Dev.Value, "Microsoft.DocumentDB/databaseAccounts")["properties"]!["disableLocalAuth"]!.GetValue<bool>());
        Assert.True(Single(Dev.Value, "Microsoft.ServiceBus/namespaces")["properties"]!["disableLocalAuth"]!.GetValue<bool>());
        Assert.True(Single(Dev.Value, "Microsoft.Insights/components")["properties"]!["DisableLocalAuth"]!.GetValue<bool>());
        Assert.True(Single(Dev.Value, "Microsoft.KeyVault/vaults")["properties"]!["enableRbacAuthorization"]!.GetValue<bool>());
        Assert.False(Single(Dev.Value, "Microsoft.ContainerRegistry/registries")["properties"]!["adminUserEnabled"]!.GetValue<bool>());
    }

    [Fact]
    public void Key_vault_purge_protection_is_on_in_production()
    {
        Assert.True(Single(Prod.Value, "Microsoft.KeyVault/vaults")["properties"]!["enablePurgeProtection"]!.GetValue<bool>());
        // Off is expressed by leaving it unset (Key Vault rejects an explicit false).
        Assert.Null(Single(Dev.Value, "Microsoft.KeyVault/vaults")["properties"]!["enablePurgeProtection"]);
    }

    [Theory]
    [InlineData("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Microsoft.Storage/storageAccounts", AppIdentity)] // Storage Blob Data Owner
    [InlineData("974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Microsoft.Storage/storageAccounts", AppIdentity)] // Storage Queue Data Contributor
    [InlineData("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Microsoft.Storage/storageAccounts", AppIdentity)] // Storage Table Data Contributor
    [InlineData("69a216fc-b8fb-44d8-bc22-1f3c2cd27a39", "Microsoft.ServiceBus/namespaces", AppIdentity)] // Azure Service Bus Data Sender
    [InlineData("4633458b-17de-408a-b874-0445c86b69e6", "Microsoft.KeyVault/vaults", AppIdentity)] // Key Vault Secrets User
    [InlineData("3913510d-42f4-4e42-8a64-420c390055eb", "Microsoft.Insights/components", AppIdentity)] // Monitoring Metrics Publisher
    [InlineData("7f951dda-4ed3-4680-a7ca-43fe172d538d", "Microsoft.ContainerRegistry/registries", AgentsIdentity)] // AcrPull
    public void Each_data_plane_access_has_its_role_assignment(string role, string scopeType, string identity)
    {
        var assignment = Assert.Single(RoleAssignments(), a => a["properties"]!["roleDefinitionId"]!.GetValue<string>()
            .EndsWith("/providers/Microsoft.Authorization/roleDefinitions/" + role, StringComparison.Ordinal))!;
        // A role assignment's id is extensionResourceId('<scope>', ...): the scope is the one resource it serves.
        Assert.StartsWith($"[extensionResourceId('/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/marketplace-dev/providers/{scopeType}/",
            assignment["id"]!.GetValue<string>());
        Assert.Equal($"[reference('/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/marketplace-dev/providers/{identity}', '2023-01-31').principalId]",
            assignment["properties"]!["principalId"]!.GetValue<string>());
        Assert.Equal("ServicePrincipal", assignment["properties"]!["principalType"]!.GetValue<string>());
    }

    [Fact]
    public void No_role_is_granted_beyond_the_listed_data_plane_accesses()
    {
        // Seven assignments, no Owner/Contributor/User Access Administrator or any other role.
        Assert.Equal(7, RoleAssignments().Count());
        Assert.Equal(7, RoleAssignments().Select(a => a["properties"]!["roleDefinitionId"]!.GetValue<string>()).Distinct().Count());
    }

    [Fact]
    public void Cosmos_data_access_uses_its_own_rbac_scoped_to_the_database()
    {
        var assignment = Assert.Single(OfType(Dev.Value, "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments"))["properties"]!;
        Assert.EndsWith("/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002", assignment["roleDefinitionId"]!.GetValue<string>());
        Assert.EndsWith($"/dbs/{new CosmosSettings().Database}", assignment["scope"]!.GetValue<string>());
        Assert.Contains(AppIdentity, assignment["principalId"]!.GetValue<string>());
    }

    [Fact]
    public void Storage_has_the_tables_queues_and_containers_the_code_uses()
    {
        Assert.Equal(Tables.All.Order(), Names(Dev.Value, "Microsoft.Storage/storageAccounts/tableServices/tables").Order());
        Assert.Equal(QueueNames.All.Concat(QueueNames.All.Select(QueueNames.Poison)).Order(),
            Names(Dev.Value, "Microsoft.Storage/storageAccounts/queueServices/queues").Order());
        Assert.Subset(Names(Dev.Value, "Microsoft.Storage/storageAccounts/blobServices/containers").ToHashSet(),
            new HashSet<string> { "deployments", "task-documents" });
        Assert.EndsWith(", 'deployments')]", Site()["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void Cosmos_is_serverless_with_the_database_and_containers_the_code_uses()
    {
        var account = Single(Dev.Value, "Microsoft.DocumentDB/databaseAccounts")["properties"]!;
        Assert.Contains(account["capabilities"]!.AsArray(), c => c!["name"]!.GetValue<string>() == "EnableServerless");
        Assert.Equal(new[] { new CosmosSettings().Database }, Names(Dev.Value, "Microsoft.DocumentDB/databaseAccounts/sqlDatabases"));
        var containers = OfType(Dev.Value, "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers")
            .Select(c => c["name"]!.GetValue<string>().Split('/')[^1] + " " + c["properties"]!["resource"]!["partitionKey"]!["paths"]!.AsArray().Single()!.GetValue<string>())
            .Order();
        Assert.Equal(new[] { $"{CosmosAgentStore.AgentsContainer} /tenantId", $"{CosmosAgentStore.DirectoryContainer} /id" }.Order(), containers);
    }

    [Fact]
    public void The_four_event_topics_exist_with_duplicate_detection_and_a_subscription()
    {
        string[] expected = [Topics.AgentEvents, Topics.TaskUpdates, Topics.WorkflowProgress, Topics.SystemNotifications];
        var topics = OfType(Dev.Value, "Microsoft.ServiceBus/namespaces/topics").ToList();
        Assert.Equal(expected.Order(), topics.Select(t => t["name"]!.GetValue<string>().Split('/')[^1]).Order());
        Assert.All(topics, t => Assert.True(t["properties"]!["requiresDuplicateDetection"]!.GetValue<bool>()));
        Assert.All(topics, t => Assert.True(t["properties"]!["enablePartitioning"]!.GetValue<bool>()));
        Assert.Equal("Standard", Single(Dev.Value, "Microsoft.ServiceBus/namespaces")["sku"]!["name"]!.GetValue<string>());
        var subscribed = OfType(Dev.Value, "Microsoft.ServiceBus/namespaces/topics/subscriptions").Select(s => s["name"]!.GetValue<string>().Split('/')[1]).ToHashSet();
        Assert.All(expected, topic => Assert.Contains(topic, subscribed));
    }

    [Theory]
    [InlineData("agentmktdev-text-analyst", "text-analyst:latest")]
    [InlineData("agentmktdev-unit-converter", "unit-converter:latest")]
    public void Sample_agents_run_on_container_apps_with_their_own_address(string name, string image)
    {
        var app = Assert.Single(OfType(Dev.Value, "Microsoft.App/containerApps"), a => a["name"]!.GetValue<string>() == name)!;
        var configuration = app["properties"]!["configuration"]!;
        Assert.True(configuration["ingress"]!["external"]!.GetValue<bool>());
        Assert.Equal(8080, configuration["ingress"]!["targetPort"]!.GetValue<int>());
        Assert.False(configuration["ingress"]!["allowInsecure"]!.GetValue<bool>());
        var registry = Assert.Single(configuration["registries"]!.AsArray())!;
        Assert.EndsWith(AgentsIdentity, registry["identity"]!.GetValue<string>());
        Assert.DoesNotContain("passwordSecretRef", registry.ToJsonString());

        var container = Assert.Single(app["properties"]!["template"]!["containers"]!.AsArray())!;
        Assert.EndsWith($").loginServer, '{image}')]", container["image"]!.GetValue<string>());
        var env = container["env"]!.AsArray().ToDictionary(e => e!["name"]!.GetValue<string>(), e => e!["value"]!.GetValue<string>());
        Assert.Equal("8080", env["PORT"]);
        Assert.StartsWith($"[format('https://{{0}}.{{1}}', '{name}', reference(", env["A2A_ENDPOINT"]);
        Assert.EndsWith(").defaultDomain)]", env["A2A_ENDPOINT"]);
        Assert.EndsWith(AgentsIdentity, app["identity"]!["userAssignedIdentities"]!.AsObject().Single().Key);
    }

    static JsonNode Site() => Single(Dev.Value, "Microsoft.Web/sites");

    static Dictionary<string, string> AppSettings(JsonArray resources) =>
        Single(resources, "Microsoft.Web/sites/config", r => r["name"]!.GetValue<string>().EndsWith("/appsettings", StringComparison.Ordinal))["properties"]!
            .AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());

    static IEnumerable<JsonNode> RoleAssignments() => OfType(Dev.Value, "Microsoft.Authorization/roleAssignments");

    static IEnumerable<JsonNode> OfType(JsonArray resources, string type) =>
        resources.Select(r => r!).Where(r => r["type"]!.GetValue<string>() == type);

    static IEnumerable<string> Names(JsonArray resources, string type) =>
        OfType(resources, type).Select(r => r["name"]!.GetValue<string>().Split('/')[^1]);

    static JsonNode Single(JsonArray resources, string type, Func<JsonNode, bool>? where = null) =>
        Assert.Single(OfType(resources, type), r => where?.Invoke(r) ?? true);

    static JsonArray Load(string env) => LoadDocument(env)["predictedResources"]!.AsArray();

    static JsonNode LoadDocument(string env) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Root.Value, "infra", "bicep", "snapshots", $"main.{env}.snapshot.json")))!;

    static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Marketplace.sln"))) return dir.FullName;
        throw new InvalidOperationException($"Marketplace.sln not found above {AppContext.BaseDirectory}");
    }
}
