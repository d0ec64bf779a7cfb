using Marketplace.Storage;
using Xunit;

namespace Marketplace.Tests.Storage;

/// <summary>Which connection strings are signed with an account SAS, and what the SAS allows.</summary>
public sealed class AccountSasTests
{
    const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    const string WithKey = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + Key +
        ";BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:2/devstoreaccount1;TableEndpoint=http://127.0.0.1:3/devstoreaccount1;";

    [Fact]
    public void A_connection_string_with_an_account_key_gets_one_sas_per_service_for_its_own_endpoints()
    {
        using var sas = AccountSas.TryCreate(WithKey);
        Assert.NotNull(sas);
        Assert.Equal("http://127.0.0.1:3/devstoreaccount1", sas.TableEndpoint.ToString().TrimEnd('/'));
        Assert.Equal("http://127.0.0.1:2/devstoreaccount1", sas.QueueEndpoint.ToString().TrimEnd('/'));
        Assert.Equal("http://127.0.0.1:1/devstoreaccount1", sas.BlobEndpoint.ToString().TrimEnd('/'));
        foreach (var signature in new[] { sas.Table.Signature, sas.Queue.Signature, sas.Blob.Signature })
        {
            var query = System.Web.HttpUtility.ParseQueryString(signature);
            Assert.False(string.IsNullOrEmpty(query["sig"]));
            // Every resource type (service, container, object), so table and queue creation work as well.
            Assert.Equal("sco", query["srt"]);
            var expires = DateTimeOffset.Parse(query["se"]!);
            Assert.InRange(expires, DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow.AddDays(3));
        }
    }

    [Fact]
    public void A_connection_string_without_a_key_is_left_to_the_sdk()
    {
        const string sasOnly = "BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:2/devstoreaccount1;" +
            "TableEndpoint=http://127.0.0.1:3/devstoreaccount1;SharedAccessSignature=sv=2021-08-06&ss=bqt&srt=sco&sp=rwdlacup&se=2030-01-01T00:00:00Z&sig=abc";
        Assert.Null(AccountSas.TryCreate(sasOnly));
    }
}
