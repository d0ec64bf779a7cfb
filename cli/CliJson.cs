using System.Text.Json;
using System.Text.Json.Serialization;
using Marketplace.Cli.Config;

namespace Marketplace.Cli;

/// <summary>The tool's own documents: its configuration and the outputs it composes from several API answers.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true)]
[JsonSerializable(typeof(CliConfig))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Commands.WhoAmI))]
[JsonSerializable(typeof(Commands.LoginResult))]
[JsonSerializable(typeof(Commands.ValidationReport))]
[JsonSerializable(typeof(Commands.SentMessage))]
[JsonSerializable(typeof(Commands.Removed))]
[JsonSerializable(typeof(Commands.UsageBreakdown))]
[JsonSerializable(typeof(SignIn.ResourceMetadata))]
[JsonSerializable(typeof(SignIn.ProviderMetadata))]
[JsonSerializable(typeof(SignIn.DeviceAuthorization))]
[JsonSerializable(typeof(SignIn.TokenResponse))]
[JsonSerializable(typeof(SignIn.OAuthErrorResponse))]
public sealed partial class CliJson : JsonSerializerContext;
