import { domainToASCII } from 'node:url';
import { type Parsed, quote } from './ip-address.ts';

const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/**
 * RFC 1123 host names: dot-separated labels of letters, digits and inner hyphens, 1-63 characters
 * each, 253 in all; one trailing dot allowed and dropped. Internationalised names are converted to
 * their ASCII (punycode) form first. Returns the lowercased name.
 */
export function parseHostname(text: string): Parsed<string> {
  let name = text.endsWith('.') ? text.slice(0, -1) : text;
  if (name === '') return { ok: false, reason: `host name ${quote(text)} is empty` };
  if (/[^\x00-\x7f]/.test(name)) {
    const ascii = domainToASCII(name);
    if (ascii === '')
      return { ok: false, reason: `host name ${quote(text)} is not a valid internationalised name` };
    name = ascii.endsWith('.') ? ascii.slice(0, -1) : ascii;
  }
  name = name.toLowerCase();
  if (name.length > 253)
    return { ok: false, reason: `host name ${quote(text)} is longer than 253 characters` };
  for (const label of name.split('.')) {
    if (label === '') return { ok: false, reason: `host name ${quote(text)} has an empty label` };
    if (label.length > 63) {
      return { ok: false, reason: `host name label ${quote(label)} is longer than 63 characters` };
    }
    if (!LABEL.test(label)) {
      return {
        ok: false,
        reason: `host name label ${quote(label)} may hold only letters, digits and inner hyphens (RFC 1123)`,
      };
    }
  }
  return { ok: true, value: name };
}

/**
 * True when a name must be read as an IPv4 address: its last label is numeric (as in the WHATWG URL
 * standard), so `300.1.1.1` is a bad address rather than a host name.
 */
export function looksLikeIPv4(text: string): boolean {
  const trimmed = text.endsWith('.') ? text.slice(0, -1) : text;
  const last = trimmed.slice(trimmed.lastIndexOf('.') + 1);
  return /^[0-9]+$/.test(last) || /^0x[0-9a-f]*$/i.test(last);
}
