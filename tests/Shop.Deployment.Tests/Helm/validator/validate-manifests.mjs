// Validates Kubernetes manifests (a multi-document YAML stream on stdin) against the OpenAPI schemas that the
// kubernetes-models packages compile into validators: required fields, types, enums, quantities and formats, for the
// core API groups and for the CRDs the chart uses (Prometheus Operator, KEDA).
//
// Usage: node validate-manifests.mjs <node_modules folder with the packages of package.json> < manifests.yaml
// Prints one line per problem and exits 1 when there is any; an object of a kind it has no model for is a problem
// too, so a new kind in the chart cannot slip through unvalidated.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const modulesDir = process.argv[2];
if (!modulesDir) {
  console.error("usage: node validate-manifests.mjs <node_modules folder> < manifests.yaml");
  process.exit(2);
}

// The packages are ESM-only and live outside this folder, so they are imported by file URL.
const load = (path) => import(pathToFileURL(join(modulesDir, path)).href);

// Every API group and version the chart may render; each module exports one class per kind.
const modelModules = [
  "kubernetes-models/v1/index.js",
  "kubernetes-models/apps/v1/index.js",
  "kubernetes-models/batch/v1/index.js",
  "kubernetes-models/autoscaling/v2/index.js",
  "kubernetes-models/policy/v1/index.js",
  "kubernetes-models/networking.k8s.io/v1/index.js",
  "kubernetes-models/rbac.authorization.k8s.io/v1/index.js",
  "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/index.js",
  "@kubernetes-models/keda/keda.sh/v1alpha1/index.js",
];

const models = new Map();
for (const path of modelModules) {
  const module = await load(path);
  for (const model of Object.values(module)) {
    if (typeof model === "function" && model.apiVersion && model.kind) {
      models.set(`${model.apiVersion}/${model.kind}`, model);
    }
  }
}

const yaml = await load("yaml/dist/index.js");
const text = readFileSync(0, "utf8");
const documents = yaml.parseAllDocuments(text);

const problems = [];
let validated = 0;
for (const document of documents) {
  if (document.errors.length > 0) {
    problems.push(`YAML: ${document.errors.map((e) => e.message).join("; ")}`);
    continue;
  }
  const object = document.toJS();
  if (object === null || object === undefined) {
    continue; // an empty document between separators
  }
  const id = `${object.kind ?? "?"}/${object.metadata?.name ?? "?"}`;
  const model = models.get(`${object.apiVersion}/${object.kind}`);
  if (!model) {
    problems.push(`${id}: no schema for apiVersion ${object.apiVersion}, kind ${object.kind}`);
    continue;
  }
  try {
    new model(object).validate();
    validated++;
  } catch (error) {
    problems.push(`${id}: ${error.message}`);
  }
}

for (const problem of problems) {
  console.log(problem);
}
console.log(`validated ${validated} object(s), ${problems.length} problem(s)`);
process.exit(problems.length === 0 ? 0 : 1);
