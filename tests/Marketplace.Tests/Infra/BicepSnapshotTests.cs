using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Infra;

/// <summary>
/// Reads the committed what-if snapshot of the dev deployment (validated against the Bicep on every CI run) and
/// checks the deployment contract: every setting the app needs in Azure is set, no secret is, and each data-plane
/// access has its role assignment.
/// </summary>
public sealed class BicepSnapshotTests
{
    static readonly JsonArray Resources = JsonNode.Parse(File.ReadAllText(Path.Combine(NodeTools.RepoRoot, "infra", "bicep", "main.dev.snapshot.json")))!["predictedResources"]!.AsArray();

    static IEnumerable<JsonNode> OfType(string type) => Resources.Where(r => r!["type"]!.GetValue<string>() == type)!;

    static Dictionary<string, string> AppSettings() =>
        OfType("Microsoft.Web/sites").Single()["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!["value"]!.GetValue<string>());

    [Fact]
    public void Every_setting_the_app_reads_in_azure_is_set()
    {
        string[] required =
        [
            "AzureWebJobsStorage__accountName", "AzureWebJobsStorage__blobServiceUri", "AzureWebJobsStorage__queueServiceUri",
            "AzureWebJobsStorage__tableServiceUri", "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId",
            "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
            "Marketplace__AdminKey", "Marketplace__PublicBaseUrl", "Documents__Provider", "Documents__Cosmos__Endpoint",
            "Durable__TaskHub", "A2A__Push__SigningKeyPem", "ServiceBus__FullyQualifiedNamespace",
        ];
        var settings = AppSettings();
        Assert.All(required, name => Assert.True(settings.ContainsKey(name), $"{name} is not set by the Bicep"));
        Assert.Equal("Cosmos", settings["Documents__Provider"]);
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Contains("@Microsoft.KeyVault(SecretUri=", settings["Marketplace__AdminKey"]); // values that depend on other resources are ARM expressions in a snapshot
        Assert.Contains("@Microsoft.KeyVault(SecretUri=", settings["A2A__Push__SigningKeyPem"]);
        var runtime = OfType("Microsoft.Web/sites").Single()["properties"]!["functionAppConfig"]!["runtime"]!;
        Assert.Equal(("dotnet-isolated", "10.0"), (runtime["name"]!.GetValue<string>(), runtime["version"]!.GetValue<string>()));
    }

    [Fact]
    public void No_key_or_connection_string_with_a_secret_is_deployed()
    {
        var text = Resources.ToJsonString();
        foreach (var secret in new[] { "AccountKey=", "SharedAccessKey=", "listKeys(", "primarySharedKey", "Password=" })
            Assert.DoesNotContain(secret, text);
        Assert.DoesNotContain(AppSettings(), s => s.Key.EndsWith("ConnectionString", StringComparison.OrdinalIgnoreCase) && s.Key != "APPLICATIONINSIGHTS_CONNECTION_STRING");
    }

    [Fact]
    public void Shared_keys_and_local_auth_are_off()
    {
        Assert.False(OfType("Microsoft.Storage/storageAccounts").Single()["properties"]!["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.True(OfType("Microsoft.DocumentDB/databaseAccounts").Single()["properties"]!["disableLocalAuth"]!.GetValue<bool>());
        Assert.True(OfType("Microsoft.ServiceBus/namespaces").Single()["properties"]!["disableLocalAuth"]!.GetValue<bool>());
        Assert.True(OfType("Microsoft.Insights/components").Single()["properties"]!["DisableLocalAuth"]!.GetValue<bool>());
        Assert.True(OfType("Microsoft.KeyVault/vaults").Single()["properties"]!["enableRbacAuthorization"]!.GetValue<bool>());
        Assert.False(OfType("Microsoft.ContainerRegistry/registries").Single()["properties"]!["adminUserEnabled"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Microsoft.Storage/storageAccounts")] // Storage Blob Data Owner
    [InlineData("974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Microsoft.Storage/storageAccounts")] // Storage Queue Data Contributor
    [InlineData("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Microsoft.Storage/storageAccounts")] // Storage Table Data Contributor
    [InlineData("69a216fc-b8fb-44d8-bc22-1f3c2cd27a39", "Microsoft.ServiceBus/namespaces")] // Service Bus Data Sender
    [InlineData("4633458b-17de-408a-b874-0445c86b69e6", "Microsoft.KeyVault/vaults")] // Key Vault Secrets User
    [InlineData("7f951dda-4ed3-4680-a7ca-43fe172d538d", "Microsoft.ContainerRegistry/registries")] // AcrPull
    [InlineData("3913510d-42f4-4e42-8a64-420c390055eb", "Microsoft.Insights/components")] // Monitoring Metrics Publisher
    public void Each_data_plane_access_has_its_role_assignment(string role, string scopeType)
    {
        var assignment = OfType("Microsoft.Authorization/roleAssignments")
            .SingleOrDefault(a => a["properties"]!["roleDefinitionId"]!.GetValue<string>().EndsWith(role, StringComparison.OrdinalIgnoreCase));
        Assert.NotNull(assignment);
        Assert.Contains(scopeType, assignment["scope"]?.GetValue<string>() ?? assignment["id"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Cosmos_data_access_uses_its_own_rbac()
    {
        var assignment = Assert.Single(OfType("Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments"));
        Assert.EndsWith("/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002", assignment["properties"]!["roleDefinitionId"]!.GetValue<string>());
    }

    [Fact]
    public void The_four_event_topics_exist_with_duplicate_detection()
    {
        var topics = OfType("Microsoft.ServiceBus/namespaces/topics").ToList();
        Assert.Equal(["agent-events", "system-notifications", "task-updates", "workflow-progress"],
            topics.Select(t => t["name"]!.GetValue<string>().Split('/')[^1]).Order());
        Assert.All(topics, t => Assert.True(t["properties"]!["requiresDuplicateDetection"]!.GetValue<bool>()));
    }
}
