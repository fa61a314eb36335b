// A user's scenario through the official npm `openai` package's admin resources (client.admin.organization.*)
// against a running Keyplane. Run by .ci/openai-node-check, which starts Keyplane and installs the pinned package.
//
// Environment:
//   KEYPLANE_URL         Keyplane's base URL, e.g. http://127.0.0.1:8080 (the SDK's baseURL is this + /v1)
//   KEYPLANE_ADMIN_KEY   an organization owner's admin key (sk-admin-...)
//   OPENAI_SDK_DIR       the installed package's directory (node_modules/openai); default: import 'openai'
//   CERTIFICATE_PEM      a PEM file holding one certificate (no private key) for the certificate steps
//   KEYPLANE_REFERENCE   the reference OpenAPI document (default ../shared/reference/openai-admin-openapi.yaml
//                        beside the repository), read for its AuditLogEventType enum
//
// Each step asserts (node:assert/strict) that what came back carries what was sent. A failed step is recorded
// and the scenario goes on; steps that need what a failed step should have made fail saying so. The last line
// is "N passed, M failed"; the exit status is 1 when any step failed.
//
// Operations the package has no method for (Keyplane extensions, used only to set up what the reference
// offers no way to make) go through the same client's generic client.post(); each is marked "(extension)".
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === '') {
    console.error(`${name} is required`);
    process.exit(2);
  }
  return value;
};
const BASE = env('KEYPLANE_URL').replace(/\/+$/, '');
const ADMIN_KEY = env('KEYPLANE_ADMIN_KEY');
const PEM = readFileSync(env('CERTIFICATE_PEM'), 'utf8');
const REFERENCE = env('KEYPLANE_REFERENCE', resolve(here, '../../../../shared/reference/openai-admin-openapi.yaml'));
const SDK_DIR = process.env.OPENAI_SDK_DIR;

const { default: OpenAI } = await import(SDK_DIR ? pathToFileURL(join(SDK_DIR, 'index.mjs')).href : 'openai');
const SDK_VERSION = SDK_DIR ? JSON.parse(readFileSync(join(SDK_DIR, 'package.json'), 'utf8')).version : '?';

// The reference's AuditLogEventType enum, read without a YAML library: the list under
// `AuditLogEventType:` ... `enum:`, one `- value` per line, until the indentation ends it.
function auditEventTypes(file) {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const start = lines.findIndex((l) => /^\s+AuditLogEventType:\s*$/.test(l));
  if (start < 0) throw new Error(`no AuditLogEventType schema in ${file}`);
  const indent = lines[start].search(/\S/);
  const types = new Set();
  let inEnum = false;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const at = line.search(/\S/);
    if (at <= indent) break;
    if (/^\s+enum:\s*$/.test(line)) { inEnum = true; continue; }
    const item = line.match(/^\s+-\s+['"]?([^'"\s#]+)['"]?\s*$/);
    if (inEnum && item) types.add(item[1]);
    else if (inEnum) inEnum = false;
  }
  if (types.size === 0) throw new Error(`AuditLogEventType in ${file} lists no values`);
  return types;
}

const client = new OpenAI({
  adminAPIKey: ADMIN_KEY,
  apiKey: null,
  baseURL: `${BASE}/v1`,
  maxRetries: 0, // every answer as Keyplane gave it
  timeout: 30_000,
});
const org = client.admin.organization;

// Keyplane extensions the package has no method for: the client's generic request, the admin key as bearer.
const extension = (path, body) =>
  client.post(path, { body, headers: { Authorization: `Bearer ${ADMIN_KEY}` } });

// --- steps -----------------------------------------------------------------------------------------------
const results = [];
function describe(error) {
  if (error?.status !== undefined && error?.error !== undefined) {
    return `HTTP ${error.status} ${JSON.stringify(error.error)}`;
  }
  if (error instanceof assert.AssertionError) return error.message.split('\n').slice(0, 12).join('\n    ');
  return error?.stack?.split('\n').slice(0, 3).join('\n    ') ?? String(error);
}
async function step(name, fn) {
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok    ${name}`);
  } catch (error) {
    results.push({ name, ok: false, why: describe(error) });
    console.log(`FAIL  ${name}\n    ${describe(error)}`);
  }
}
// What a step needs from an earlier one; when that one failed, this one fails saying so.
function need(value, what) {
  if (value === undefined || value === null) throw new Error(`needs ${what}, which an earlier step did not make`);
  return value;
}
async function all(pagePromise) { // every item of every page, through the package's auto-pagination
  const items = [];
  for await (const item of pagePromise) items.push(item);
  return items;
}
const ids = (items) => items.map((x) => x.id);
async function rejectsWith(promise, status) {
  await assert.rejects(promise, (error) => {
    assert.equal(error?.status, status, `expected HTTP ${status}, got ${error?.status}: ${describe(error)}`);
    return true;
  });
}

const run = Date.now().toString(36);
const email = (who) => `${who}.${run}@ci.example.com`;
const s = {}; // what the steps made

console.log(`openai ${SDK_VERSION} against ${BASE}`);

// --- projects ----------------------------------------------------------------------------------------------
await step('projects.create: three projects carry their names', async () => {
  s.projects = [];
  for (const n of ['alpha', 'beta', 'gamma']) {
    const name = `node-${n}-${run}`;
    const p = await org.projects.create({ name });
    assert.equal(p.object, 'organization.project');
    assert.equal(p.name, name);
    assert.equal(p.status, 'active');
    assert.match(p.id, /^proj_/);
    assert.equal(typeof p.created_at, 'number');
    s.projects.push(p);
  }
  [s.project] = s.projects;
});
await step('projects.list: pages forward (limit 1, getNextPage) and auto-paginates over all three', async () => {
  const mine = ids(need(s.projects, 'the projects'));
  const first = await org.projects.list({ limit: 1 });
  assert.equal(first.data.length, 1);
  assert.ok(first.hasNextPage(), 'has_more with more projects to come');
  const second = await first.getNextPage();
  assert.equal(second.data.length, 1);
  assert.notEqual(second.data[0].id, first.data[0].id, 'the second page starts after the first');
  const every = ids(await all(org.projects.list({ limit: 2 })));
  assert.equal(new Set(every).size, every.length, 'no project twice across pages');
  for (const id of mine) assert.ok(every.includes(id), `${id} listed`);
});
await step('projects.retrieve: the project as created', async () => {
  const p = need(s.project, 'a project');
  const got = await org.projects.retrieve(p.id);
  assert.equal(got.id, p.id);
  assert.equal(got.name, p.name);
  assert.equal(got.object, 'organization.project');
});
await step('projects.update: the new name, and retrieve agrees', async () => {
  const p = need(s.project, 'a project');
  const name = `${p.name}-renamed`;
  const updated = await org.projects.update(p.id, { name });
  assert.equal(updated.id, p.id);
  assert.equal(updated.name, name);
  assert.equal((await org.projects.retrieve(p.id)).name, name);
  s.project = updated;
});
await step('projects.archive: archived, left out of list unless include_archived', async () => {
  const p = need(s.projects?.[2], 'a third project');
  const archived = await org.projects.archive(p.id);
  assert.equal(archived.id, p.id);
  assert.equal(archived.status, 'archived');
  assert.equal(typeof archived.archived_at, 'number');
  const active = ids(await all(org.projects.list({ limit: 100 })));
  assert.ok(!active.includes(p.id), 'an archived project is not listed by default');
  const withArchived = ids(await all(org.projects.list({ limit: 100, include_archived: true })));
  assert.ok(withArchived.includes(p.id), 'include_archived lists it');
});

// --- organization users ------------------------------------------------------------------------------------
await step('users.list: the bootstrap owner is listed', async () => {
  const users = await all(org.users.list({ limit: 100 }));
  const owner = users.find((u) => u.role === 'owner');
  assert.ok(owner, 'an owner');
  assert.equal(owner.object, 'organization.user');
  s.owner = owner;
});
await step('(extension) POST /organization/users: two readers to work with', async () => {
  s.alice = await extension('/organization/users', { email: email('alice'), name: 'Alice', role: 'reader' });
  s.bob = await extension('/organization/users', { email: email('bob'), name: 'Bob', role: 'reader' });
  assert.equal(s.alice.email, email('alice'));
  assert.equal(s.bob.email, email('bob'));
});
await step('users.list({emails}): only the matching user (the package sends emails[])', async () => {
  const alice = need(s.alice, 'alice');
  const page = await org.users.list({ emails: [alice.email] });
  assert.deepEqual(page.data.map((u) => u.email), [alice.email]);
  assert.equal(page.data[0].id, alice.id);
  const two = await org.users.list({ emails: [alice.email, need(s.bob, 'bob').email] });
  assert.deepEqual(new Set(two.data.map((u) => u.id)), new Set([alice.id, s.bob.id]));
});
await step('users.list: pages forward (limit 1) without repeating a user', async () => {
  const first = await org.users.list({ limit: 1 });
  assert.equal(first.data.length, 1);
  assert.ok(first.hasNextPage());
  const second = await first.getNextPage();
  assert.notEqual(second.data[0].id, first.data[0].id);
  const every = ids(await all(org.users.list({ limit: 1 })));
  assert.equal(new Set(every).size, every.length);
  for (const u of [s.owner, s.alice, s.bob]) assert.ok(every.includes(need(u, 'the users').id));
});
await step('users.retrieve: the user as added', async () => {
  const alice = need(s.alice, 'alice');
  const got = await org.users.retrieve(alice.id);
  assert.equal(got.id, alice.id);
  assert.equal(got.email, alice.email);
  assert.equal(got.name, 'Alice');
  assert.equal(got.role, 'reader');
  assert.equal(got.object, 'organization.user');
});
await step('users.update: role reader -> owner -> reader', async () => {
  const alice = need(s.alice, 'alice');
  const owner = await org.users.update(alice.id, { role: 'owner' });
  assert.equal(owner.id, alice.id);
  assert.equal(owner.role, 'owner');
  assert.equal((await org.users.retrieve(alice.id)).role, 'owner');
  const reader = await org.users.update(alice.id, { role: 'reader' });
  assert.equal(reader.role, 'reader');
});

// --- invites -----------------------------------------------------------------------------------------------
await step('invites.create: email, role and project grant as sent', async () => {
  const p = need(s.project, 'a project');
  const invite = await org.invites.create({ email: email('carol'), role: 'reader', projects: [{ id: p.id, role: 'member' }] });
  assert.equal(invite.object, 'organization.invite');
  assert.equal(invite.email, email('carol'));
  assert.equal(invite.role, 'reader');
  assert.equal(invite.status, 'pending');
  assert.deepEqual(invite.projects, [{ id: p.id, role: 'member' }]);
  s.invite = invite;
});
await step('invites.list: the invite is listed', async () => {
  const invite = need(s.invite, 'an invite');
  const listed = (await all(org.invites.list({ limit: 100 }))).find((i) => i.id === invite.id);
  assert.ok(listed, 'listed');
  assert.equal(listed.email, invite.email);
});
await step('invites.retrieve: the invite as created', async () => {
  const invite = need(s.invite, 'an invite');
  const got = await org.invites.retrieve(invite.id);
  assert.equal(got.id, invite.id);
  assert.equal(got.email, invite.email);
  assert.equal(got.role, 'reader');
});
await step('invites.delete: deleted, then 404', async () => {
  const invite = need(s.invite, 'an invite');
  const deleted = await org.invites.delete(invite.id);
  assert.deepEqual(deleted, { object: 'organization.invite.deleted', id: invite.id, deleted: true });
  await rejectsWith(org.invites.retrieve(invite.id), 404);
});

// --- project users -------------------------------------------------------------------------------------------
await step('projects.users.create: bob joins as the project owner', async () => {
  const p = need(s.project, 'a project');
  const bob = need(s.bob, 'bob');
  const member = await org.projects.users.create(p.id, { user_id: bob.id, role: 'owner' });
  assert.equal(member.object, 'organization.project.user');
  assert.equal(member.id, bob.id);
  assert.equal(member.email, bob.email);
  assert.equal(member.role, 'owner');
});
await step('projects.users.list: bob is listed, the project\'s only owner membership', async () => {
  const p = need(s.project, 'a project');
  const members = await all(org.projects.users.list(p.id, { limit: 100 }));
  const bob = members.find((m) => m.id === need(s.bob, 'bob').id);
  assert.ok(bob, 'listed');
  assert.equal(bob.role, 'owner');
  // so the next two steps demote and remove the project's last owner membership
  assert.deepEqual(members.filter((m) => m.role === 'owner').map((m) => m.id), [bob.id]);
});
await step('projects.users.retrieve: bob, as added', async () => {
  const got = await org.projects.users.retrieve(need(s.bob, 'bob').id, { project_id: need(s.project, 'a project').id });
  assert.equal(got.id, s.bob.id);
  assert.equal(got.role, 'owner');
  assert.equal(got.email, s.bob.email);
});
await step('projects.users.update: demoting the project\'s last owner to member answers 200', async () => {
  const p = need(s.project, 'a project');
  const bob = need(s.bob, 'bob');
  const demoted = await org.projects.users.update(bob.id, { project_id: p.id, role: 'member' });
  assert.equal(demoted.id, bob.id);
  assert.equal(demoted.role, 'member');
  assert.equal((await org.projects.users.retrieve(bob.id, { project_id: p.id })).role, 'member');
  const promoted = await org.projects.users.update(bob.id, { project_id: p.id, role: 'owner' });
  assert.equal(promoted.role, 'owner');
});
await step('projects.users.delete: removing the project\'s last owner answers 200, then 404', async () => {
  const p = need(s.project, 'a project');
  const bob = need(s.bob, 'bob');
  const deleted = await org.projects.users.delete(bob.id, { project_id: p.id });
  assert.deepEqual(deleted, { object: 'organization.project.user.deleted', id: bob.id, deleted: true });
  await rejectsWith(org.projects.users.retrieve(bob.id, { project_id: p.id }), 404);
  // back as a member: the project key steps mint a key for him
  const again = await org.projects.users.create(p.id, { email: bob.email, role: 'member' });
  assert.equal(again.id, bob.id);
  assert.equal(again.role, 'member');
});

// --- project service accounts and their keys ------------------------------------------------------------------
await step('projects.serviceAccounts.create: name as sent, with its first key', async () => {
  const p = need(s.project, 'a project');
  const sa = await org.projects.serviceAccounts.create(p.id, { name: `ci-bot-${run}` });
  assert.equal(sa.object, 'organization.project.service_account');
  assert.equal(sa.name, `ci-bot-${run}`);
  assert.ok(sa.api_key, 'the first key');
  assert.equal(sa.api_key.object, 'organization.project.service_account.api_key');
  assert.match(sa.api_key.value, /^sk-svcacct-/);
  s.sa = sa;
});
await step('projects.serviceAccounts.list: listed', async () => {
  const sa = need(s.sa, 'a service account');
  const listed = (await all(org.projects.serviceAccounts.list(s.project.id, { limit: 100 }))).find((x) => x.id === sa.id);
  assert.ok(listed, 'listed');
  assert.equal(listed.name, sa.name);
});
await step('projects.serviceAccounts.retrieve: as created', async () => {
  const sa = need(s.sa, 'a service account');
  const got = await org.projects.serviceAccounts.retrieve(sa.id, { project_id: s.project.id });
  assert.equal(got.id, sa.id);
  assert.equal(got.name, sa.name);
  assert.equal(got.object, 'organization.project.service_account');
});
await step('projects.serviceAccounts.update: the new name', async () => {
  const sa = need(s.sa, 'a service account');
  const got = await org.projects.serviceAccounts.update(sa.id, { project_id: s.project.id, name: `${sa.name}-2` });
  assert.equal(got.id, sa.id);
  assert.equal(got.name, `${sa.name}-2`);
});
await step('projects.serviceAccounts.apiKeys.create: a second key, name as sent', async () => {
  const sa = need(s.sa, 'a service account');
  const key = await org.projects.serviceAccounts.apiKeys.create(sa.id, { project_id: s.project.id, name: 'second' });
  assert.equal(key.object, 'organization.project.service_account.api_key');
  assert.equal(key.name, 'second');
  assert.match(key.value, /^sk-svcacct-/);
  s.saKey = key;
});

// --- project API keys ---------------------------------------------------------------------------------------
await step('(extension) POST /organization/projects/{id}/api_keys: a key for bob', async () => {
  const p = need(s.project, 'a project');
  s.bobKey = await extension(`/organization/projects/${p.id}/api_keys`, { user_id: need(s.bob, 'bob').id, name: 'bob-ci' });
  assert.match(s.bobKey.value, /^sk-proj-/);
});
await step('projects.apiKeys.list: the service account\'s keys and bob\'s, with their owners', async () => {
  const p = need(s.project, 'a project');
  const keys = await all(org.projects.apiKeys.list(p.id, { limit: 100 }));
  for (const key of [need(s.sa, 'a service account').api_key, need(s.saKey, 'a second key')]) {
    const listed = keys.find((k) => k.id === key.id);
    assert.ok(listed, `${key.id} listed`);
    assert.equal(listed.object, 'organization.project.api_key');
    assert.equal(listed.owner.type, 'service_account');
    assert.equal(listed.owner.service_account.id, s.sa.id);
  }
  const bobs = keys.find((k) => k.id === need(s.bobKey, 'bob\'s key').id);
  assert.ok(bobs, 'bob\'s key listed');
  assert.equal(bobs.owner.type, 'user');
  assert.equal(bobs.owner.user.id, s.bob.id);
  assert.equal(bobs.name, 'bob-ci');
});
await step('projects.apiKeys.retrieve: name, owner and redacted value', async () => {
  const key = need(s.saKey, 'a second key');
  const got = await org.projects.apiKeys.retrieve(key.id, { project_id: s.project.id });
  assert.equal(got.id, key.id);
  assert.equal(got.name, 'second');
  assert.equal(got.owner.service_account.id, s.sa.id);
  assert.ok(got.redacted_value, 'a redacted value');
  assert.ok(!got.redacted_value.includes(key.value.split('.')[1].slice(0, 16)), 'no part of the secret');
});
await step('projects.apiKeys.delete: bob\'s key deleted, then 404; a service account\'s key answers 400', async () => {
  const key = need(s.bobKey, 'bob\'s key');
  const deleted = await org.projects.apiKeys.delete(key.id, { project_id: s.project.id });
  assert.deepEqual(deleted, { object: 'organization.project.api_key.deleted', id: key.id, deleted: true });
  await rejectsWith(org.projects.apiKeys.retrieve(key.id, { project_id: s.project.id }), 404);
  await rejectsWith(org.projects.apiKeys.delete(need(s.saKey, 'a second key').id, { project_id: s.project.id }), 400);
});
await step('projects.serviceAccounts.delete: deleted, its keys with it', async () => {
  const sa = need(s.sa, 'a service account');
  const deleted = await org.projects.serviceAccounts.delete(sa.id, { project_id: s.project.id });
  assert.deepEqual(deleted, { object: 'organization.project.service_account.deleted', id: sa.id, deleted: true });
  await rejectsWith(org.projects.serviceAccounts.retrieve(sa.id, { project_id: s.project.id }), 404);
  const keys = ids(await all(org.projects.apiKeys.list(s.project.id, { limit: 100 })));
  assert.ok(!keys.includes(sa.api_key.id), 'its keys are gone');
});

// --- project rate limits ---------------------------------------------------------------------------------------
await step('(extension) POST /organization/projects/{id}/rate_limits: three models', async () => {
  const p = need(s.project, 'a project');
  s.limits = [];
  for (const model of ['ci-model-a', 'ci-model-b', 'ci-model-c']) {
    s.limits.push(await extension(`/organization/projects/${p.id}/rate_limits`,
      { model, max_requests_per_1_minute: 60, max_tokens_per_1_minute: 6000 }));
  }
});
await step('projects.rateLimits.listRateLimits: pages after and before', async () => {
  const p = need(s.project, 'a project');
  const mine = ids(need(s.limits, 'rate limits'));
  const every = await all(org.projects.rateLimits.listRateLimits(p.id, { limit: 1 }));
  for (const id of mine) assert.ok(ids(every).includes(id), `${id} listed`);
  assert.equal(new Set(ids(every)).size, every.length, 'no rate limit twice');
  const first = await org.projects.rateLimits.listRateLimits(p.id, { limit: 1 });
  const second = await first.getNextPage();
  assert.equal(second.data.length, 1);
  assert.notEqual(second.data[0].id, first.data[0].id, 'after');
  const back = await org.projects.rateLimits.listRateLimits(p.id, { limit: 1, before: second.data[0].id });
  assert.deepEqual(ids(back.data), ids(first.data), 'before the second page is the first');
});
await step('projects.rateLimits.updateRateLimit: the limits as sent', async () => {
  const limit = need(s.limits?.[0], 'a rate limit');
  const got = await org.projects.rateLimits.updateRateLimit(limit.id,
    { project_id: s.project.id, max_requests_per_1_minute: 7, max_tokens_per_1_minute: 700, max_requests_per_1_day: 1000 });
  assert.equal(got.object, 'project.rate_limit');
  assert.equal(got.id, limit.id);
  assert.equal(got.model, 'ci-model-a');
  assert.equal(got.max_requests_per_1_minute, 7);
  assert.equal(got.max_tokens_per_1_minute, 700);
  assert.equal(got.max_requests_per_1_day, 1000);
});

// --- admin API keys ---------------------------------------------------------------------------------------------
await step('adminAPIKeys.create: name as sent, the value once', async () => {
  const key = await org.adminAPIKeys.create({ name: `ci-admin-${run}` });
  assert.equal(key.object, 'organization.admin_api_key');
  assert.equal(key.name, `ci-admin-${run}`);
  assert.match(key.value, /^sk-admin-/);
  s.adminKey = key;
  s.adminKey2 = await org.adminAPIKeys.create({ name: `ci-admin-${run}-2`, expires_in_seconds: 3600 });
  assert.equal(typeof s.adminKey2.expires_at, 'number');
});
await step('adminAPIKeys.list: pages forward (limit 1) over the keys', async () => {
  const first = await org.adminAPIKeys.list({ limit: 1 });
  assert.equal(first.data.length, 1);
  assert.ok(first.hasNextPage());
  const second = await first.getNextPage();
  assert.notEqual(second.data[0].id, first.data[0].id);
  const every = await all(org.adminAPIKeys.list({ limit: 1 }));
  assert.equal(new Set(ids(every)).size, every.length);
  for (const key of [need(s.adminKey, 'an admin key'), need(s.adminKey2, 'an admin key')]) {
    const listed = every.find((k) => k.id === key.id);
    assert.ok(listed, `${key.id} listed`);
    assert.equal(listed.name, key.name);
  }
});
await step('adminAPIKeys.retrieve: name and redacted value', async () => {
  const key = need(s.adminKey, 'an admin key');
  const got = await org.adminAPIKeys.retrieve(key.id);
  assert.equal(got.id, key.id);
  assert.equal(got.name, key.name);
  assert.equal(got.object, 'organization.admin_api_key');
  assert.ok(got.redacted_value && got.redacted_value !== key.value);
  assert.equal(got.owner?.id, need(s.owner, 'the owner').id);
});
await step('adminAPIKeys.delete: deleted, then 404', async () => {
  const key = need(s.adminKey, 'an admin key');
  const deleted = await org.adminAPIKeys.delete(key.id);
  assert.deepEqual(deleted, { object: 'organization.admin_api_key.deleted', id: key.id, deleted: true });
  await rejectsWith(org.adminAPIKeys.retrieve(key.id), 404);
});

// --- roles ---------------------------------------------------------------------------------------------------------
await step('roles.list: the predefined roles', async () => {
  const roles = await all(org.roles.list());
  const owner = roles.find((r) => r.name === 'owner' && r.predefined_role);
  assert.ok(owner, 'owner is predefined');
  assert.ok(roles.some((r) => r.name === 'reader' && r.predefined_role), 'reader is predefined');
});
await step('roles.create: name, permissions and description as sent', async () => {
  const role = await org.roles.create({ role_name: `ci-role-${run}`, permissions: ['projects.read'], description: 'CI' });
  assert.equal(role.object, 'role');
  assert.equal(role.name, `ci-role-${run}`);
  assert.deepEqual(role.permissions, ['projects.read']);
  assert.equal(role.description, 'CI');
  assert.equal(role.predefined_role, false);
  s.role = role;
});
await step('roles.update: permissions and description changed; list and retrieve agree', async () => {
  const role = need(s.role, 'a role');
  const got = await org.roles.update(role.id, { permissions: ['projects.read', 'users.read'], description: 'CI 2' });
  assert.equal(got.id, role.id);
  assert.deepEqual([...got.permissions].sort(), ['projects.read', 'users.read']);
  assert.equal(got.description, 'CI 2');
  assert.equal((await org.roles.retrieve(role.id)).description, 'CI 2');
  const listed = (await all(org.roles.list())).find((r) => r.id === role.id);
  assert.ok(listed, 'listed');
  assert.equal(listed.description, 'CI 2');
});
await step('users.roles.create: the role assigned to bob', async () => {
  const role = need(s.role, 'a role');
  const bob = need(s.bob, 'bob');
  const got = await org.users.roles.create(bob.id, { role_id: role.id });
  assert.equal(got.object, 'user.role');
  assert.equal(got.role.id, role.id);
  assert.equal(got.user.id, bob.id);
});
await step('users.roles.list and retrieve: bob holds the role', async () => {
  const role = need(s.role, 'a role');
  const bob = need(s.bob, 'bob');
  const held = await all(org.users.roles.list(bob.id));
  assert.ok(ids(held).includes(role.id), 'listed');
  const got = await org.users.roles.retrieve(role.id, { user_id: bob.id });
  assert.equal(got.id, role.id);
  assert.equal(got.name, role.name);
});
await step('users.roles.delete: unassigned, no longer listed', async () => {
  const role = need(s.role, 'a role');
  const bob = need(s.bob, 'bob');
  const got = await org.users.roles.delete(role.id, { user_id: bob.id });
  assert.equal(got.deleted, true);
  assert.ok(!ids(await all(org.users.roles.list(bob.id))).includes(role.id));
});

// --- groups ----------------------------------------------------------------------------------------------------------
await step('groups.create: name as sent', async () => {
  const group = await org.groups.create({ name: `ci-group-${run}` });
  assert.equal(group.name, `ci-group-${run}`);
  s.group = group;
});
await step('groups.list: listed', async () => {
  const group = need(s.group, 'a group');
  const listed = (await all(org.groups.list())).find((g) => g.id === group.id);
  assert.ok(listed, 'listed');
  assert.equal(listed.name, group.name);
});
await step('groups.update: the new name; retrieve agrees', async () => {
  const group = need(s.group, 'a group');
  const got = await org.groups.update(group.id, { name: `${group.name}-2` });
  assert.equal(got.id, group.id);
  assert.equal(got.name, `${group.name}-2`);
  assert.equal((await org.groups.retrieve(group.id)).name, `${group.name}-2`);
});
await step('groups.users.create, list, retrieve: bob in the group', async () => {
  const group = need(s.group, 'a group');
  const bob = need(s.bob, 'bob');
  const added = await org.groups.users.create(group.id, { user_id: bob.id });
  assert.equal(added.object, 'group.user');
  assert.equal(added.group_id, group.id);
  assert.equal(added.user_id, bob.id);
  const members = await all(org.groups.users.list(group.id));
  const listed = members.find((u) => u.id === bob.id);
  assert.ok(listed, 'listed');
  assert.equal(listed.email, bob.email);
  const got = await org.groups.users.retrieve(bob.id, { group_id: group.id });
  assert.equal(got.id, bob.id);
  assert.equal(got.email, bob.email);
});
await step('groups.roles.create, list, retrieve: the role assigned to the group', async () => {
  const group = need(s.group, 'a group');
  const role = need(s.role, 'a role');
  const got = await org.groups.roles.create(group.id, { role_id: role.id });
  assert.equal(got.object, 'group.role');
  assert.equal(got.group.id, group.id);
  assert.equal(got.role.id, role.id);
  assert.ok(ids(await all(org.groups.roles.list(group.id))).includes(role.id), 'listed');
  const one = await org.groups.roles.retrieve(role.id, { group_id: group.id });
  assert.equal(one.id, role.id);
});
await step('projects.groups.create, list, retrieve, delete: the group in a project', async () => {
  const group = need(s.group, 'a group');
  const p = need(s.project, 'a project');
  const added = await org.projects.groups.create(p.id, { group_id: group.id, role: 'member' });
  assert.equal(added.object, 'project.group');
  assert.equal(added.group_id, group.id);
  assert.equal(added.project_id, p.id);
  const listed = (await all(org.projects.groups.list(p.id))).find((g) => g.group_id === group.id);
  assert.ok(listed, 'listed');
  const got = await org.projects.groups.retrieve(group.id, { project_id: p.id });
  assert.equal(got.group_id, group.id);
  const deleted = await org.projects.groups.delete(group.id, { project_id: p.id });
  assert.equal(deleted.deleted, true);
  assert.ok(!(await all(org.projects.groups.list(p.id))).some((g) => g.group_id === group.id), 'no longer listed');
});
await step('groups.roles.delete: unassigned, no longer listed', async () => {
  const group = need(s.group, 'a group');
  const role = need(s.role, 'a role');
  const got = await org.groups.roles.delete(role.id, { group_id: group.id });
  assert.equal(got.deleted, true);
  assert.ok(!ids(await all(org.groups.roles.list(group.id))).includes(role.id));
});
await step('groups.users.delete: bob removed, no longer listed', async () => {
  const group = need(s.group, 'a group');
  const bob = need(s.bob, 'bob');
  const got = await org.groups.users.delete(bob.id, { group_id: group.id });
  assert.equal(got.deleted, true);
  assert.ok(!ids(await all(org.groups.users.list(group.id))).includes(bob.id));
});
await step('groups.delete: deleted, then 404', async () => {
  const group = need(s.group, 'a group');
  const deleted = await org.groups.delete(group.id);
  assert.equal(deleted.id, group.id);
  assert.equal(deleted.deleted, true);
  await rejectsWith(org.groups.retrieve(group.id), 404);
});
await step('roles.delete: deleted, then 404', async () => {
  const role = need(s.role, 'a role');
  const deleted = await org.roles.delete(role.id);
  assert.equal(deleted.id, role.id);
  assert.equal(deleted.deleted, true);
  await rejectsWith(org.roles.retrieve(role.id), 404);
});

// --- certificates ----------------------------------------------------------------------------------------------------
await step('certificates.create: name as sent, validity read from the PEM', async () => {
  const cert = await org.certificates.create({ name: `ci-cert-${run}`, certificate: PEM });
  assert.match(cert.object, /certificate$/);
  assert.equal(cert.name, `ci-cert-${run}`);
  assert.equal(typeof cert.certificate_details.valid_at, 'number');
  assert.ok(cert.certificate_details.expires_at > cert.certificate_details.valid_at);
  s.cert = cert;
});
await step('certificates.list: listed, not active', async () => {
  const cert = need(s.cert, 'a certificate');
  const listed = (await all(org.certificates.list())).find((c) => c.id === cert.id);
  assert.ok(listed, 'listed');
  assert.equal(listed.name, cert.name);
  assert.equal(listed.active, false);
});
await step('certificates.retrieve({include: [content]}): the PEM back', async () => {
  const cert = need(s.cert, 'a certificate');
  const got = await org.certificates.retrieve(cert.id, { include: ['content'] });
  assert.equal(got.id, cert.id);
  assert.match(got.certificate_details.content ?? '', /BEGIN CERTIFICATE/);
  const bare = await org.certificates.retrieve(cert.id);
  assert.equal(bare.certificate_details.content, undefined, 'no content unless asked');
});
await step('certificates.update: the new name', async () => {
  const cert = need(s.cert, 'a certificate');
  const got = await org.certificates.update(cert.id, { name: `${cert.name}-2` });
  assert.equal(got.id, cert.id);
  assert.equal(got.name, `${cert.name}-2`);
});
await step('certificates.activate and deactivate: active flips, list agrees', async () => {
  const cert = need(s.cert, 'a certificate');
  const on = await org.certificates.activate({ certificate_ids: [cert.id] });
  assert.deepEqual(on.data.map((c) => [c.id, c.active]), [[cert.id, true]]);
  assert.equal((await all(org.certificates.list())).find((c) => c.id === cert.id)?.active, true);
  const off = await org.certificates.deactivate({ certificate_ids: [cert.id] });
  assert.deepEqual(off.data.map((c) => [c.id, c.active]), [[cert.id, false]]);
});
await step('projects.certificates.activate, list, deactivate: for one project', async () => {
  const cert = need(s.cert, 'a certificate');
  const p = need(s.project, 'a project');
  const on = await org.projects.certificates.activate(p.id, { certificate_ids: [cert.id] });
  assert.deepEqual(on.data.map((c) => [c.id, c.active]), [[cert.id, true]]);
  const listed = (await all(org.projects.certificates.list(p.id))).find((c) => c.id === cert.id);
  assert.equal(listed?.active, true);
  const off = await org.projects.certificates.deactivate(p.id, { certificate_ids: [cert.id] });
  assert.deepEqual(off.data.map((c) => [c.id, c.active]), [[cert.id, false]]);
});
await step('certificates.delete: deleted, then 404', async () => {
  const cert = need(s.cert, 'a certificate');
  const deleted = await org.certificates.delete(cert.id);
  assert.equal(deleted.id, cert.id);
  assert.equal(deleted.object, 'certificate.deleted');
  await rejectsWith(org.certificates.retrieve(cert.id), 404);
});

// --- organization users: delete (after the steps that use them) -------------------------------------------------------
await step('users.delete: alice deleted, then 404', async () => {
  const alice = need(s.alice, 'alice');
  const deleted = await org.users.delete(alice.id);
  assert.deepEqual(deleted, { object: 'organization.user.deleted', id: alice.id, deleted: true });
  await rejectsWith(org.users.retrieve(alice.id), 404);
});

// --- audit log -------------------------------------------------------------------------------------------------------
await step('auditLogs.list: every event type is a value of the reference\'s AuditLogEventType', async () => {
  const known = auditEventTypes(REFERENCE);
  const events = await all(org.auditLogs.list({ limit: 100 }));
  assert.ok(events.length > 0, 'events');
  assert.equal(new Set(ids(events)).size, events.length, 'no event twice across pages');
  s.events = events;
  const unknown = new Map();
  for (const e of events) if (!known.has(e.type)) unknown.set(e.type, (unknown.get(e.type) ?? 0) + 1);
  assert.deepEqual([...unknown].map(([t, n]) => `${t} (${n})`), [], 'event types outside the reference enum');
});
await step('auditLogs.list({event_types}): only those types, this run\'s projects among them', async () => {
  const events = await all(org.auditLogs.list({ event_types: ['project.created', 'project.archived'], limit: 100 }));
  assert.ok(events.length >= 4, 'three creations and an archive');
  for (const e of events) assert.ok(['project.created', 'project.archived'].includes(e.type), e.type);
  const created = events.filter((e) => e.type === 'project.created').map((e) => e['project.created']?.id);
  for (const p of need(s.projects, 'the projects')) assert.ok(created.includes(p.id), `project.created for ${p.id}`);
});
await step('auditLogs.list({project_ids}): only that project\'s events', async () => {
  const p = need(s.project, 'a project');
  const events = await all(org.auditLogs.list({ project_ids: [p.id], limit: 100 }));
  assert.ok(events.length >= 5, 'its creation, update, members, keys, ...');
  for (const e of events) assert.equal(e.project?.id, p.id, `${e.type} ${e.id}`);
  assert.ok(events.some((e) => e.type === 'project.updated'), 'project.updated');
});
await step('auditLogs.list({actor_ids}): only that actor\'s events', async () => {
  const all_ = need(s.events, 'the events');
  const acted = all_.find((e) => e.actor?.api_key?.id);
  const keyId = need(acted?.actor?.api_key?.id, 'an event with an api_key actor');
  const events = await all(org.auditLogs.list({ actor_ids: [keyId], limit: 100 }));
  assert.ok(events.length > 0);
  for (const e of events) assert.equal(e.actor?.api_key?.id, keyId, `${e.type} ${e.id}`);
  const userId = need(s.owner, 'the owner').id;
  const byUser = await all(org.auditLogs.list({ actor_ids: [userId], limit: 100 }));
  assert.ok(byUser.length > 0, 'events of the owner');
  for (const e of byUser) assert.equal(e.actor?.api_key?.user?.id, userId, `${e.type} ${e.id}`);
});
await step('auditLogs.list({effective_at, resource_ids, actor_emails}): the other filters', async () => {
  const p = need(s.project, 'a project');
  const since = need(s.projects, 'the projects')[0].created_at;
  const recent = await all(org.auditLogs.list({ effective_at: { gte: since }, limit: 100 }));
  assert.ok(recent.length > 0);
  for (const e of recent) assert.ok(e.effective_at >= since, `${e.id} at ${e.effective_at}`);
  const about = await all(org.auditLogs.list({ resource_ids: [p.id], limit: 100 }));
  assert.ok(about.some((e) => e.type === 'project.created'), 'the project\'s creation');
  const owner = need(s.owner, 'the owner');
  const byEmail = await all(org.auditLogs.list({ actor_emails: [owner.email], limit: 100 }));
  assert.ok(byEmail.length > 0);
  for (const e of byEmail) assert.equal(e.actor?.api_key?.user?.email, owner.email, `${e.type} ${e.id}`);
});
await step('auditLogs.list({tenant_only: false}): the reference\'s parameter (the package has it) is accepted', async () => {
  const page = await org.auditLogs.list({ tenant_only: false, limit: 5 });
  assert.ok(page.data.length > 0);
});
await step('auditLogs.list: pages after (getNextPage) and before, newest first', async () => {
  const first = await org.auditLogs.list({ limit: 3 });
  assert.equal(first.data.length, 3);
  assert.ok(first.hasNextPage());
  const second = await first.getNextPage();
  assert.equal(second.data.length, 3);
  const firstIds = ids(first.data);
  for (const id of ids(second.data)) assert.ok(!firstIds.includes(id), 'the second page is all older events');
  const times = [...first.data, ...second.data].map((e) => e.effective_at);
  assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
  const back = await org.auditLogs.list({ limit: 3, before: second.data[0].id });
  assert.deepEqual(ids(back.data), firstIds, 'before the second page is the first');
});

// --- summary -----------------------------------------------------------------------------------------------------------
const failed = results.filter((r) => !r.ok);
if (failed.length) {
  console.log('\nfailures:');
  for (const f of failed) console.log(`- ${f.name}\n    ${f.why}`);
}
console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);
