using Marketplace.Search;
using Xunit;

namespace Marketplace.Tests.Search;

public sealed class ReciprocalRankFusionTests
{
    static Dictionary<string, int> Ranked(params string[] ids) => ids.Select((id, i) => (id, i + 1)).ToDictionary(p => p.id, p => p.Item2);

    [Fact]
    public void An_item_high_in_both_lists_beats_one_first_in_only_one()
    {
        var fused = ReciprocalRankFusion.Fuse(Ranked("a", "b", "c"), Ranked("b", "c", "a"));
        Assert.Equal(["b", "a", "c"], fused.OrderByDescending(f => f.Value).Select(f => f.Key));
        Assert.Equal(1.0 / 62 + 1.0 / 61, fused["b"], 12);
    }

    [Fact]
    public void Items_in_one_list_only_still_count_and_ties_share_a_score()
    {
        var fused = ReciprocalRankFusion.Fuse(new Dictionary<string, int> { ["a"] = 1, ["b"] = 1 }, Ranked("c"));
        Assert.Equal(fused["a"], fused["b"]);
        Assert.Equal(fused["a"], fused["c"]);
        Assert.Equal(1.0 / (ReciprocalRankFusion.K + 1), fused["a"], 12);
    }

    [Fact]
    public void No_lists_fuse_to_nothing() => Assert.Empty(ReciprocalRankFusion.Fuse());
}
