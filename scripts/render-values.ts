// Prints the k8s-monitoring values a stack renders, without Pulumi or a cluster:
//   npm run render -- dev             k8s-monitoring values (YAML)
//   npm run render -- dev --operator  alloy-operator values
// Exit 1 with the config problems when the stack config is not valid.
import path from "node:path";
import { stringify } from "yaml";
import { decodeConfig } from "../config/decode";
import { formatProblems } from "../config/problems";
import { loadStackFiles } from "../config/stack-files";
import { tryPlanDeployment } from "../values/plan";

const args = process.argv.slice(2);
const stack = args.find((a) => !a.startsWith("--"));
if (!stack) {
    console.error("usage: npm run render -- <stack> [--operator]");
    process.exit(2);
}
const { raw } = loadStackFiles(path.join(__dirname, ".."), stack);
const decoded = decodeConfig(raw);
const { plan, problems } = tryPlanDeployment(decoded.input);
const all = [...decoded.problems, ...problems];
if (!plan || all.length > 0) {
    console.error(formatProblems(all));
    process.exit(1);
}
process.stdout.write(
    stringify(args.includes("--operator") ? plan.alloyOperatorValues : plan.values),
);
