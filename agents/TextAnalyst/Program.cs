using Marketplace.Agents;
using Marketplace.Agents.TextAnalyst;

AgentHost.Build(args, TextAnalystCard.For, new TextStatsSkill(), new KeywordsSkill(), new SummarizeSkill()).Run();
