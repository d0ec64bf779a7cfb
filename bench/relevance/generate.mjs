// Writes catalogue.json (agents) and queries.json (judged queries) from families.mjs. Deterministic: the same
// families always give the same files. Usage: node bench/relevance/generate.mjs
import { writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { families } from "./families.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const perFamily = 10;
const qualifiers = ["", "Pro", "Lite", "Plus", "Express", "Studio", "Cloud", "One", "Max", "Go"];
const publishers = ["Acme", "Northwind", "Contoso", "Fabrikam", "Globex", "Initech", "Umbrella", "Tailspin", "Wingtip", "Litware"];
// Sentences any agent might say about itself: they add the shared vocabulary real catalogues have.
const fillers = [
  "Fast, private and easy to use.", "Built for teams of every size.", "Answers in seconds.", "Works with your existing tools.",
  "Trusted by thousands of businesses.", "Secure by design, with no data kept.", "Available in many regions.", "Simple pricing per task.",
  "", "",
];

const catalogue = [];
const queries = [];
families.forEach(([family, names, descriptions, skills, asked], f) => {
  const ids = [];
  for (let i = 0; i < perFamily; i++) {
    const id = `${family}-${i}`;
    ids.push(id);
    const name = [names[i % names.length], qualifiers[(i + f) % qualifiers.length]].filter(Boolean).join(" ");
    const description = [descriptions[(i + f) % descriptions.length], fillers[(i * 3 + f) % fillers.length], `From ${publishers[(i + 2 * f) % publishers.length]}.`]
      .filter(Boolean).join(" ");
    // Every agent has the family's first skill; others have the second too, some under another wording.
    const own = i % 3 === 0 ? skills : [skills[(i + f) % skills.length]];
    catalogue.push({
      id, family,
      card: {
        name, description,
        skills: own.map(([skillName, skillDescription, tags]) => ({
          id: `${skillName.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`,
          name: skillName, description: skillDescription, tags: i % 2 === 0 ? tags : tags.slice(0, 1),
        })),
      },
    });
  }
  for (const [query, kind] of asked) queries.push({ query, kind, family, relevant: ids });
});

writeFileSync(join(here, "catalogue.json"), JSON.stringify(catalogue, null, 1) + "\n");
writeFileSync(join(here, "queries.json"), JSON.stringify(queries, null, 1) + "\n");
console.log(`${catalogue.length} agents in ${families.length} families, ${queries.length} judged queries`);
