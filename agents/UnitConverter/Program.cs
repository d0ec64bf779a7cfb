using Marketplace.Agents;
using Marketplace.Agents.UnitConverter;

AgentHost.Build(args, UnitConverterCard.For, new ConvertSkill()).Run();
