using Marketplace.Agents.TextAnalyst;
using Xunit;

namespace Marketplace.Tests.Agents;

public sealed class TextToolsTests
{
    const string Text = "Cats are great. Dogs are loyal! Cats sleep a lot, and cats purr? Birds sing.";

    [Fact]
    public void Sentences_split_on_terminal_punctuation()
    {
        Assert.Equal(["Cats are great.", "Dogs are loyal!", "Cats sleep a lot, and cats purr?", "Birds sing."], TextTools.Sentences(Text));
    }

    [Fact]
    public void Keywords_drop_stopwords_and_rank_by_frequency_then_alphabet()
    {
        var keywords = TextTools.Keywords(Text, 4);
        Assert.Equal([("cats", 3), ("birds", 1), ("dogs", 1), ("great", 1)], keywords);
    }

    [Fact]
    public void Summary_keeps_the_heaviest_sentences_in_their_original_order()
    {
        Assert.Equal(["Cats are great.", "Cats sleep a lot, and cats purr?"], TextTools.Summary(Text, 2));
    }
}
