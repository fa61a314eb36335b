// Validates rendered Kubernetes manifests (the output of `kubectl kustomize`) for .ci/k8s-check.
//
//   node validate.mjs --self-test
//   node validate.mjs [--keyplane] LABEL=FILE [[--keyplane] LABEL=FILE ...]
//
// Every object of every FILE (multi-document YAML) is
//  1. validated against the Kubernetes API's JSON schema of its apiVersion/kind, from the model classes of
//     the npm packages kubernetes-models and @kubernetes-models/prometheus-operator (ServiceMonitor). A kind
//     without a model fails: nothing is skipped silently.
//  2. checked for unknown fields. The API's schemas allow any extra property (the API server, not the
//     schema, rejects or drops them), so a typo like spec.replicass would pass the schema alone. The object
//     is validated through a Proxy that records which properties the compiled schema validator reads: it
//     reads every property its schema declares (and every key of a map), so a property it never read is
//     unknown to the schema. Free-form objects (no declared properties) are not read, and not reported.
//  3. checked against policy: every container of every workload is hardened (non-root, read-only root
//     filesystem, no privilege escalation, capabilities dropped, seccomp RuntimeDefault, CPU and memory
//     requests and a memory limit), every ConfigMap a pod refers to is in the same render, and in a render
//     passed with --keyplane the Deployment `keyplane` exists with its probes, preStop pause, /tmp volume
//     and termination grace period.
// Prints `ok    <kind>/<name>` per valid object, the reasons for each invalid one, and exits non-zero if any
// object (or file) failed. --self-test feeds deliberately broken objects through the same checks and exits
// non-zero unless each is rejected for its expected reason and a correct one is accepted.

import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

// ---- models: apiVersion + kind -> model class ----------------------------------------------------------
// Loaded per group/version on first use (loading every group costs seconds): the core group from
// kubernetes-models/v1, others from kubernetes-models/<group>/<version>, then from the CRD packages.

const MODEL_PACKAGES = ["kubernetes-models", "@kubernetes-models/prometheus-operator"];
const groupVersions = new Map(); // apiVersion -> [module namespaces]

async function modelFor(apiVersion, kind) {
  if (!/^([a-z0-9]([a-z0-9.-]*[a-z0-9])?\/)?v[0-9]+[a-z0-9]*$/.test(apiVersion)) return undefined;
  if (!groupVersions.has(apiVersion)) {
    const modules = [];
    const packages = apiVersion.includes("/") ? MODEL_PACKAGES : MODEL_PACKAGES.slice(0, 1);
    for (const pkg of packages) {
      try {
        modules.push(await import(`${pkg}/${apiVersion}`));
      } catch (e) {
        if (e.code !== "ERR_PACKAGE_PATH_NOT_EXPORTED" && e.code !== "ERR_MODULE_NOT_FOUND") throw e;
      }
    }
    groupVersions.set(apiVersion, modules);
  }
  for (const module of groupVersions.get(apiVersion)) {
    const model = Object.values(module).find(
      (value) => typeof value === "function" && value.apiVersion === apiVersion && value.kind === kind);
    if (model) return model;
  }
  return undefined;
}

// ---- schema validation, with a record of the properties the validator read ------------------------------

function tracked(root) {
  const read = new Map(); // JSON pointer of an object -> names of the properties read on it
  const proxies = new WeakMap();
  const note = (path, key) => {
    if (typeof key !== "string") return;
    if (!read.has(path)) read.set(path, new Set());
    read.get(path).add(key);
  };
  const wrap = (value, path) => {
    if (value === null || typeof value !== "object") return value;
    if (proxies.has(value)) return proxies.get(value);
    const proxy = new Proxy(value, {
      get(target, key, receiver) {
        note(path, key);
        return wrap(Reflect.get(target, key, receiver), `${path}/${String(key)}`);
      },
      has(target, key) {
        note(path, key);
        return Reflect.has(target, key);
      },
    });
    proxies.set(value, proxy);
    return proxy;
  };
  return { proxy: wrap(root, ""), read };
}

function unknownFields(value, read, path = "") {
  const found = [];
  if (Array.isArray(value)) {
    value.forEach((item, i) => found.push(...unknownFields(item, read, `${path}/${i}`)));
  } else if (value !== null && typeof value === "object") {
    const seen = read.get(path);
    if (!seen) return found; // free-form, or never reached (a schema error above it is reported instead)
    for (const key of Object.keys(value)) {
      if (!seen.has(key)) found.push(`${path}/${key}`);
      else found.push(...unknownFields(value[key], read, `${path}/${key}`));
    }
  }
  return found;
}

async function schemaErrors(obj) {
  const model = await modelFor(obj.apiVersion, obj.kind);
  if (!model) {
    return [`unknown kind ${obj.apiVersion} ${obj.kind}: no schema to validate it against ` +
      `(add its @kubernetes-models package to deploy/k8s/validate)`];
  }
  const errors = [];
  const { proxy, read } = tracked(obj);
  try {
    model.prototype.validate.call(proxy);
  } catch (e) {
    if (Array.isArray(e.errors) && e.errors.length > 0) {
      for (const err of e.errors) {
        const detail = err.params?.allowedValues ? ` (${err.params.allowedValues.join(", ")})` : "";
        errors.push(`schema: ${err.instancePath || "/"} ${err.message}${detail}`);
      }
    } else {
      errors.push(`schema: ${e.message}`);
    }
  }
  for (const path of unknownFields(obj, read)) errors.push(`schema: ${path}: unknown field`);
  if (typeof obj.metadata?.name !== "string" || obj.metadata.name === "") errors.push("metadata.name is missing");
  return errors;
}

// ---- policy --------------------------------------------------------------------------------------------

function podSpecOf(obj) {
  switch (obj.kind) {
    case "Pod":
      return obj.spec;
    case "Deployment":
    case "StatefulSet":
    case "DaemonSet":
    case "ReplicaSet":
    case "Job":
      return obj.spec?.template?.spec;
    case "CronJob":
      return obj.spec?.jobTemplate?.spec?.template?.spec;
    default:
      return undefined;
  }
}

function hardeningErrors(pod) {
  const errors = [];
  const podSc = pod.securityContext ?? {};
  const containers = [
    ...(pod.initContainers ?? []).map((c) => [`initContainer ${c.name}`, c]),
    ...(pod.containers ?? []).map((c) => [`container ${c.name}`, c]),
  ];
  for (const [what, c] of containers) {
    const sc = c.securityContext ?? {};
    if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true) errors.push(`${what}: runAsNonRoot is not true`);
    if ((sc.runAsUser ?? podSc.runAsUser) === 0) errors.push(`${what}: runs as user 0`);
    if (sc.readOnlyRootFilesystem !== true) errors.push(`${what}: readOnlyRootFilesystem is not true`);
    if (sc.allowPrivilegeEscalation !== false) errors.push(`${what}: allowPrivilegeEscalation is not false`);
    if (sc.privileged === true) errors.push(`${what}: privileged`);
    if (!(sc.capabilities?.drop ?? []).includes("ALL")) errors.push(`${what}: capabilities.drop does not include ALL`);
    if ((sc.seccompProfile ?? podSc.seccompProfile)?.type !== "RuntimeDefault") {
      errors.push(`${what}: seccompProfile is not RuntimeDefault (pod or container)`);
    }
    for (const key of ["requests.cpu", "requests.memory", "limits.memory"]) {
      const [kind, resource] = key.split(".");
      if (c.resources?.[kind]?.[resource] === undefined) errors.push(`${what}: resources.${key} is not set`);
    }
  }
  return errors;
}

function configMapRefs(pod) {
  const names = new Set();
  for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
    for (const from of c.envFrom ?? []) if (from.configMapRef) names.add(from.configMapRef.name);
    for (const env of c.env ?? []) if (env.valueFrom?.configMapKeyRef) names.add(env.valueFrom.configMapKeyRef.name);
  }
  for (const v of pod.volumes ?? []) if (v.configMap) names.add(v.configMap.name);
  return names;
}

const KEYPLANE_PROBES = {
  startupProbe: "/q/health/started",
  livenessProbe: "/q/health/live",
  readinessProbe: "/q/health/ready",
};

function keyplaneErrors(deployment) {
  const errors = [];
  const pod = podSpecOf(deployment) ?? {};
  const c = (pod.containers ?? []).find((x) => x.name === "keyplane");
  if (!c) return ["keyplane policy: no container named keyplane"];
  for (const [probe, path] of Object.entries(KEYPLANE_PROBES)) {
    const p = c[probe];
    if (!p) errors.push(`keyplane policy: ${probe} is missing`);
    else if (p.httpGet?.path !== path) {
      errors.push(`keyplane policy: ${probe} must be an httpGet on ${path} (is ${p.httpGet?.path ?? "not httpGet"})`);
    }
  }
  if (!c.lifecycle?.preStop) errors.push("keyplane policy: lifecycle.preStop is missing (the pause before SIGTERM)");
  if (!(c.ports ?? []).some((p) => p.name === "http" && p.containerPort === 8080)) {
    errors.push("keyplane policy: no port named http on 8080");
  }
  const tmp = (c.volumeMounts ?? []).find((m) => m.mountPath === "/tmp");
  const tmpVolume = tmp && (pod.volumes ?? []).find((v) => v.name === tmp.name);
  if (!tmpVolume?.emptyDir) errors.push("keyplane policy: /tmp is not an emptyDir volume (the root filesystem is read-only)");
  const grace = pod.terminationGracePeriodSeconds;
  if (!(typeof grace === "number" && grace >= 35)) {
    errors.push(`keyplane policy: terminationGracePeriodSeconds must cover preStop (5s) + shutdown (30s): is ${grace}`);
  }
  return errors;
}

// ---- checking a render ---------------------------------------------------------------------------------

/** Checks the objects of one render; returns [{ id, errors }] and render-level errors. */
async function checkRender(objects, { keyplane }) {
  const results = [];
  const renderErrors = [];
  const configMaps = new Set(objects.filter((o) => o?.kind === "ConfigMap").map((o) => o.metadata?.name));
  for (const obj of objects) {
    if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
      results.push({ id: "(not an object)", errors: ["a document is not a Kubernetes object"] });
      continue;
    }
    const id = `${obj.kind ?? "(no kind)"}/${obj.metadata?.name ?? "(no name)"}`;
    const errors = [];
    if (typeof obj.apiVersion !== "string" || typeof obj.kind !== "string") errors.push("apiVersion or kind is missing");
    else errors.push(...(await schemaErrors(obj)));
    const pod = podSpecOf(obj);
    if (pod) {
      errors.push(...hardeningErrors(pod).map((e) => `policy: ${e}`));
      for (const name of configMapRefs(pod)) {
        if (!configMaps.has(name)) errors.push(`policy: refers to ConfigMap ${name}, which is not in this render`);
      }
    }
    if (keyplane && obj.kind === "Deployment" && obj.metadata?.name === "keyplane") errors.push(...keyplaneErrors(obj));
    results.push({ id, errors });
  }
  if (keyplane && !objects.some((o) => o?.kind === "Deployment" && o.metadata?.name === "keyplane")) {
    renderErrors.push("keyplane policy: the render has no Deployment keyplane");
  }
  return { results, renderErrors };
}

function parseYaml(text) {
  const objects = [];
  const errors = [];
  for (const doc of parseAllDocuments(text)) {
    for (const e of [...doc.errors, ...doc.warnings]) errors.push(`YAML: ${e.message}`);
    const value = doc.toJS({ maxAliasCount: 100 });
    if (value !== null && value !== undefined) objects.push(value);
  }
  return { objects, errors };
}

function report(label, { results, renderErrors }) {
  let failed = 0;
  for (const { id, errors } of results) {
    if (errors.length === 0) {
      console.log(`ok    ${id}`);
    } else {
      failed++;
      console.log(`FAIL  ${id}`);
      for (const e of errors) console.log(`        ${e}`);
    }
  }
  for (const e of renderErrors) {
    failed++;
    console.log(`FAIL  ${label}: ${e}`);
  }
  return { passed: results.length - results.filter((r) => r.errors.length > 0).length, failed };
}

// ---- self-test -----------------------------------------------------------------------------------------

function goodKeyplaneDeployment() {
  const probe = (path) => ({ httpGet: { path, port: "http" } });
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "keyplane" },
    spec: {
      replicas: 2,
      selector: { matchLabels: { "app.kubernetes.io/name": "keyplane" } },
      template: {
        metadata: { labels: { "app.kubernetes.io/name": "keyplane" } },
        spec: {
          terminationGracePeriodSeconds: 40,
          securityContext: { runAsNonRoot: true, runAsUser: 185, seccompProfile: { type: "RuntimeDefault" } },
          containers: [{
            name: "keyplane",
            image: "keyplane:jvm",
            ports: [{ name: "http", containerPort: 8080 }],
            resources: { requests: { cpu: "500m", memory: "512Mi" }, limits: { memory: "768Mi" } },
            startupProbe: probe("/q/health/started"),
            livenessProbe: probe("/q/health/live"),
            readinessProbe: probe("/q/health/ready"),
            lifecycle: { preStop: { exec: { command: ["/bin/sh", "-c", "sleep 5"] } } },
            securityContext: {
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ["ALL"] },
            },
            volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
          }],
          volumes: [{ name: "tmp", emptyDir: {} }],
        },
      },
    },
  };
}

async function selfTest() {
  const container = (d) => d.spec.template.spec.containers[0];
  const cases = [
    { name: "a correct Deployment", expect: "accepted", build: () => goodKeyplaneDeployment() },
    {
      name: 'containerPort: "http" (a string where the schema wants an integer)',
      expect: /^schema: .*containerPort must be integer/,
      build: () => { const d = goodKeyplaneDeployment(); container(d).ports[0].containerPort = "http"; return d; },
    },
    {
      name: "spec.replicass (an unknown field)",
      expect: /^schema: \/spec\/replicass: unknown field/,
      build: () => { const d = goodKeyplaneDeployment(); d.spec.replicass = 2; return d; },
    },
    {
      name: "imagePullPolicy: Sometimes (not one of the enum's values)",
      expect: /^schema: .*imagePullPolicy must be equal to one of the allowed values/,
      build: () => { const d = goodKeyplaneDeployment(); container(d).imagePullPolicy = "Sometimes"; return d; },
    },
    {
      name: "a writable root filesystem, no preStop, no liveness probe (policy)",
      expect: /^keyplane policy: lifecycle.preStop is missing/,
      build: () => {
        const d = goodKeyplaneDeployment();
        container(d).securityContext.readOnlyRootFilesystem = false;
        delete container(d).lifecycle;
        delete container(d).livenessProbe;
        return d;
      },
    },
    {
      name: "a kind without a schema",
      expect: /^unknown kind example.com\/v1 Widget/,
      build: () => ({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" }, spec: {} }),
    },
    {
      name: "ServiceMonitor with endpoints[0].intervall (an unknown field in a CRD)",
      expect: /^schema: \/spec\/endpoints\/0\/intervall: unknown field/,
      build: () => ({
        apiVersion: "monitoring.coreos.com/v1",
        kind: "ServiceMonitor",
        metadata: { name: "keyplane" },
        spec: { selector: { matchLabels: { a: "b" } }, endpoints: [{ port: "http", intervall: "15s" }] },
      }),
    },
  ];
  // `expect` is "accepted", or a pattern one of the rejection reasons must match (so a case is not passed by
  // an unrelated error, and a policy check cannot stand in for the schema check).
  let wrong = 0;
  for (const c of cases) {
    const { results } = await checkRender([c.build()], { keyplane: c.build().kind === "Deployment" });
    const errors = results.flatMap((r) => r.errors);
    const outcome = errors.length === 0 ? "accepted" : "rejected";
    const good = c.expect === "accepted" ? errors.length === 0 : errors.some((e) => c.expect.test(e));
    if (!good) wrong++;
    const expected = c.expect === "accepted" ? "accepted" : `rejected: ${c.expect.source}`;
    console.log(`${good ? "ok  " : "FAIL"}  self-test: ${c.name}: ${outcome} (expected ${expected})`);
    for (const e of errors) console.log(`        ${e}`);
  }
  console.log(`self-test: ${cases.length - wrong} passed, ${wrong} failed`);
  return wrong === 0;
}

// ---- main ----------------------------------------------------------------------------------------------

async function main(argv) {
  if (!(await modelFor("apps/v1", "Deployment"))) {
    console.error("validate.mjs: kubernetes-models has no apps/v1 Deployment: broken install?");
    return 2;
  }
  if (argv[0] === "--self-test") return (await selfTest()) ? 0 : 1;
  const renders = [];
  for (let i = 0; i < argv.length; i++) {
    const keyplane = argv[i] === "--keyplane";
    const arg = keyplane ? argv[++i] : argv[i];
    const at = arg?.indexOf("=") ?? -1;
    if (at <= 0) {
      console.error("usage: node validate.mjs --self-test | node validate.mjs [--keyplane] LABEL=FILE ...");
      return 2;
    }
    renders.push({ label: arg.slice(0, at), file: arg.slice(at + 1), keyplane });
  }
  if (renders.length === 0) {
    console.error("validate.mjs: no rendered file given");
    return 2;
  }
  let passed = 0;
  let failed = 0;
  for (const { label, file, keyplane } of renders) {
    const { objects, errors } = parseYaml(readFileSync(file, "utf8"));
    console.log(`== ${label}: ${objects.length} objects${keyplane ? " (with the keyplane Deployment policy)" : ""}`);
    if (objects.length === 0) errors.push("the render is empty");
    for (const e of errors) {
      failed++;
      console.log(`FAIL  ${label}: ${e}`);
    }
    const counts = report(label, await checkRender(objects, { keyplane }));
    passed += counts.passed;
    failed += counts.failed;
  }
  console.log(`k8s-check: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
