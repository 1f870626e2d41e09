// Runs beside mongod on every member (container "bootstrap": mongosh --nodb --quiet bootstrap.js), and can be run
// by hand the same way (kubectl exec mongodb-0 -c bootstrap -- mongosh --nodb --quiet /scripts/bootstrap.js).
// Idempotent: mongodb-0 initiates the replica set once; the primary creates the root user (through the localhost
// exception, which is why this runs inside the pod and not as a Job) and each service's user, and brings their
// passwords in line with the Secret mongodb-auth. Each service may read and write its own database only.
const fs = require('fs');

const SET = 'rs0';
const MEMBERS = [0, 1, 2].map((i) => `mongodb-${i}.mongodb-headless:27017`);
const SERVICES = ['gateway', 'records', 'tasks', 'scoring', 'analytics', 'notifications', 'appraisal', 'selection'];
const me = process.env.HOSTNAME;
const secret = (key) => fs.readFileSync(`/etc/mongodb-auth/${key}`, 'utf8').trim();
const log = (message) => print(`[bootstrap ${me}] ${message}`);

function waitFor(what, seconds, probe) {
  for (let i = 0; i < seconds; i++) {
    try {
      const value = probe();
      if (value) return value;
    } catch (error) {
      if (i % 30 === 0) log(`waiting for ${what}: ${error.message}`);
    }
    sleep(1000);
  }
  throw new Error(`gave up waiting for ${what} after ${seconds} s`);
}

const local = new Mongo('mongodb://127.0.0.1:27017/?directConnection=true');
const admin = local.getDB('admin');
const hello = () => admin.runCommand({ hello: 1 });

waitFor('mongod', 300, () => hello().ok === 1);

if (!hello().setName) {
  if (me === 'mongodb-0') {
    const result = admin.runCommand({ replSetInitiate: { _id: SET, members: MEMBERS.map((host, _id) => ({ _id, host })) } });
    if (result.ok !== 1 && result.codeName !== 'AlreadyInitialized') throw new Error(`replSetInitiate: ${JSON.stringify(result)}`);
    log(`initiated replica set ${SET}: ${MEMBERS.join(', ')}`);
  } else {
    log('waiting for mongodb-0 to initiate the replica set');
  }
}

const state = waitFor('a primary', 600, () => {
  const h = hello();
  return h.setName && h.primary ? h : null;
});
if (!state.isWritablePrimary) {
  log(`primary is ${state.primary}; users are managed there`);
  quit(0);
}

try {
  admin.auth('root', secret('ROOT_PASSWORD'));
} catch (error) {
  // No user yet: the localhost exception lets us create the first one.
  admin.createUser({ user: 'root', pwd: secret('ROOT_PASSWORD'), roles: ['root'] });
  admin.auth('root', secret('ROOT_PASSWORD'));
  log('created the root user');
}

// The gateway streams evidence files into and out of the owning services' GridFS buckets (docs/ARCHITECTURE.md,
// "Evidence files"): their `files.files`, `files.chunks` and `files.uploads` collections, nothing else there.
const FILE_OWNERS = ['records', 'tasks'];
const gatewayFiles = {
  privileges: FILE_OWNERS.flatMap((owner) =>
    ['files.files', 'files.chunks', 'files.uploads'].map((collection) => ({
      resource: { db: `cadre-${owner}`, collection },
      actions: ['find', 'insert', 'update', 'remove', 'createIndex', 'listIndexes'],
    })),
  ),
  roles: [],
};
if (admin.getRole('gatewayFiles')) admin.updateRole('gatewayFiles', gatewayFiles);
else admin.createRole({ role: 'gatewayFiles', ...gatewayFiles });

for (const service of SERVICES) {
  const roles = [{ role: 'readWrite', db: `cadre-${service}` }, ...(service === 'gateway' ? [{ role: 'gatewayFiles', db: 'admin' }] : [])];
  const user = { pwd: secret(`${service.toUpperCase()}_PASSWORD`), roles };
  if (admin.getUser(service)) {
    admin.updateUser(service, user);
  } else {
    admin.createUser({ user: service, ...user });
    log(`created the user ${service} (readWrite on cadre-${service})`);
  }
}
log('replica set and users are in place');
