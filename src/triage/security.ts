import type { Priority } from '../tickets/types.js';
import type { PhraseEntry } from './phrases.js';

/**
 * A safety rule: phrases that set a priority floor whatever the scope and urgency say.
 * `needs` names groups of which one phrase must also be present ("virus" + "spreading").
 */
export interface SafetyRule {
  readonly floor: Priority;
  /** The category id the incident belongs to. */
  readonly label: 'security' | 'infrastructure';
  readonly group: string;
  readonly phrases: readonly string[];
  /** Groups of which at least one must also match for this rule to fire. */
  readonly needs?: readonly string[];
}

/** Incidents that are P1 by default: ransomware, account takeover, theft, spreading malware. */
const RULES: readonly SafetyRule[] = [
  {
    floor: 'P1',
    label: 'security',
    group: 'ransomware',
    phrases: [
      'ransomware',
      'ransom',
      'ransom note',
      'files are encrypted',
      'files encrypted',
      'encrypted my files',
      'encrypted all',
      'locked extension',
      'pay in bitcoin',
      'bitcoin',
    ],
  },
  {
    floor: 'P1',
    label: 'security',
    group: 'account takeover',
    phrases: [
      'hacked',
      'compromised',
      'account takeover',
      'logged into my account',
      'logged in to my account',
      'signed into my account',
      'someone is in my account',
      'strange logins',
      'strange login',
      'suspicious login',
      'suspicious sign in',
      'unusual sign in',
      'unusual login',
      'from another country',
      'mfa prompts',
      'mfa requests',
      'mfa notifications',
      'prompts i did not request',
      'changed my password and i did not',
      'someone changed my password',
      'emails i never sent',
      'mail i never sent',
      'mail i did not send',
      'mail i did not write',
      'emails i did not write',
      'sending mail from my account',
      'sending emails from my account',
      'coming from my account',
      'account is sending',
      'sending spam',
      'typed my password',
      'typed my * password',
      'typed in my password',
      'entered my password',
      'entered my * password',
      'entered my * * password',
      'entered my credentials',
      'put my password',
      'put in my password',
      'gave my password',
      'gave out my password',
      'gave my login',
      'shared my password',
      'gave out her',
      'gave out his',
      'gave out my',
      'bank details were changed',
      'details were changed',
      'people clicked',
      'users clicked',
      'colleagues clicked',
    ],
  },
  {
    floor: 'P1',
    label: 'security',
    group: 'theft',
    phrases: ['stolen', 'theft', 'robbed', 'snatched', 'break in', 'broken into'],
  },
  {
    floor: 'P1',
    label: 'security',
    group: 'intrusion',
    phrases: [
      'controlling my computer',
      'controlling my laptop',
      'controlling my pc',
      'remote controlled',
      'defaced',
      'ddos',
      'under attack',
      'being attacked',
      'data breach',
      'breach',
      'leaking',
      'data leak',
      'exfiltration',
      'intrusion',
      'intruder',
      'hackers',
      'hacker',
    ],
  },
  {
    floor: 'P1',
    label: 'security',
    group: 'malware spreading',
    needs: ['malware'],
    phrases: [
      'spreading',
      'spread',
      'several machines',
      'multiple machines',
      'many machines',
      'other machines',
      'several computers',
      'lots of computers',
      'all computers',
      'every computer',
      'file server',
      'shared drive',
      'on the server',
    ],
  },
  {
    floor: 'P2',
    label: 'security',
    group: 'malware',
    phrases: [
      'virus',
      'malware',
      'trojan',
      'worm',
      'spyware',
      'adware',
      'infected',
      'keylogger',
      'antivirus alert',
      'defender alert',
      'malware alerts',
      'quarantined',
      'pop ups everywhere',
      'popups everywhere',
      'homepage changed',
      'browser hijacked',
    ],
  },
  {
    floor: 'P2',
    label: 'security',
    group: 'lost device',
    phrases: [
      'lost my phone',
      'lost my work phone',
      'lost my company phone',
      'lost my laptop',
      'lost my work laptop',
      'lost my company laptop',
      'lost my tablet',
      'left my phone in',
      'left my work phone in',
      'left my laptop in',
      'left my company laptop in',
      'left my company phone in',
      'left my company tablet in',
      'laptop is missing',
      'phone is missing',
    ],
  },
  {
    floor: 'P2',
    label: 'security',
    group: 'clicked a link',
    phrases: [
      'clicked a link',
      'clicked the link',
      'clicked on a link',
      'clicked on the link',
      'clicked a * link',
      'clicked an * link',
      'clicked the * link',
      'clicked on a * link',
      'clicked on an * link',
      'fake page',
      'fake site',
      'fake login',
      'weird page',
      'opened the attachment',
      'downloaded the attachment',
      'to the wrong external',
      'sent to the wrong',
      'wrong external address',
    ],
  },
  {
    floor: 'P3',
    label: 'security',
    group: 'phishing',
    phrases: [
      'phishing',
      'phish',
      'scam',
      'suspicious email',
      'suspicious mail',
      'suspicious text',
      'suspicious link',
      'fake email',
      'looks fake',
      'spoofed',
      'claiming to be',
      'pretending to be',
      'is this email legit',
      'legit',
      'link is safe',
      'link safe',
    ],
  },
  {
    floor: 'P1',
    label: 'infrastructure',
    group: 'machine room emergency',
    needs: ['machine room'],
    phrases: [
      'flood',
      'flooding',
      'water',
      'fire',
      'smoke',
      'aircon',
      'air conditioning',
      'temperature',
      'overheating',
      'power outage',
      'ups',
      'leak',
    ],
  },
];

/** Places whose emergencies are infrastructure emergencies. */
const MACHINE_ROOM = ['server room', 'data centre', 'data center', 'datacenter', 'rack', 'racks'];

/** A safety phrase as the matcher sees it. */
export interface SafetyPhrase {
  readonly rule: SafetyRule | undefined;
  readonly group: string;
}

/** Every safety phrase, tagged with its group. */
export function safetyPhrases(): PhraseEntry<SafetyPhrase>[] {
  const entries: PhraseEntry<SafetyPhrase>[] = [];
  for (const rule of RULES) {
    for (const phrase of rule.phrases)
      entries.push({ phrase, meaning: { rule, group: rule.group } });
  }
  for (const phrase of MACHINE_ROOM) {
    entries.push({ phrase, meaning: { rule: undefined, group: 'machine room' } });
  }
  return entries;
}

/** Whether a matched rule fires given the groups seen in the same report. */
export function fires(rule: SafetyRule, groupsSeen: ReadonlySet<string>): boolean {
  return (rule.needs ?? []).every((group) => groupsSeen.has(group));
}
