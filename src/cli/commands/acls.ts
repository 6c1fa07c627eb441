import type { Command } from 'commander';
import { aclTableRows, applyAcls, createKafkaClient, defaultPrincipal, formatAcl, roleAcls, ROLES, type Role } from '../../kafka/index.js';
import { ConfigError } from '../../config/index.js';
import { parseProcessorSettings, roleAclInputs } from '../../service/index.js';
import { cliContext, printResult } from '../context.js';

interface AclsOptions {
  readonly role: string;
  readonly principal?: string;
  readonly applicationId?: string;
  readonly groupPrefix?: string;
  readonly apply?: boolean;
  readonly json?: boolean;
  readonly table?: boolean;
}

/**
 * `gluster-eventing acls --role R`: the exact Kafka ACLs a role needs, derived from the topic catalog
 * and the processor's topology as configured (GLUSTER_EVENTING_APPLICATION_ID, the legacy prefix), so
 * that no internal topic is forgotten. `--apply` creates the missing ones (run as an admin principal);
 * ACLs the principal holds beyond them are reported, not removed.
 */
export function registerAclsCommand(program: Command): void {
  program
    .command('acls')
    .description("print (or --apply) the exact Kafka ACLs of a role's principal, derived from the topics and the processor's topology")
    .requiredOption('--role <role>', ROLES.join(' | '))
    .option('--principal <principal>', 'the principal to allow, e.g. User:node-7 (default User:gluster-eventing-<role>)')
    .option('--application-id <id>', "the processor's application id (GLUSTER_EVENTING_APPLICATION_ID)")
    .option('--group-prefix <prefix>', "consumer role: its groups' prefix (default: the principal's name and -)")
    .option('--apply', 'create the missing ACLs through the admin API (idempotent)')
    .option('--json', 'one JSON object per line')
    .option('--table', "Markdown rows for the README's table: one per resource type and operations")
    .action(async (options: AclsOptions) => {
      const { settings, logger } = cliContext('acls');
      const role = parseRole(options.role);
      const principal = options.principal ?? defaultPrincipal(role);
      if (!/^[A-Za-z]+:.+$/.test(principal)) throw new ConfigError('--principal', 'a Kafka principal, <type>:<name>, e.g. User:node-7');
      const processor = parseProcessorSettings({ ...(options.applicationId === undefined ? {} : { applicationId: options.applicationId }) }, process.env);
      const acls = roleAcls(role, principal, roleAclInputs({ topicPrefix: settings.topicPrefix, processor, consumerGroupPrefix: options.groupPrefix }));
      if (options.table === true) {
        for (const row of aclTableRows(role, acls)) process.stdout.write(`${row}\n`);
        return;
      }
      if (options.apply !== true) {
        for (const acl of acls) printResult(options.json === true, acl, formatAcl(acl));
        return;
      }
      const admin = createKafkaClient({ ...settings.kafka, logger }).admin();
      await admin.connect();
      try {
        for (const change of await applyAcls(admin, principal, acls)) printResult(options.json === true, change, `${change.action.padEnd(10)} ${formatAcl(change.acl)}`);
      } finally {
        await admin.disconnect();
      }
    });
}

function parseRole(value: string): Role {
  const role = ROLES.find((known) => known === value);
  if (role === undefined) throw new ConfigError('--role', `one of ${ROLES.join(', ')}`);
  return role;
}
