import { type CountryCode, findPhoneNumbersInText } from "libphonenumber-js";
import { count, distinct, quote, withoutLinks } from "./text.ts";
import type { Draft, Finding, Rule } from "./types.ts";

/*
 * Personal data in an entry others will see: email addresses, phone numbers,
 * street addresses and ID-like numbers. Each asks the author to confirm
 * before publishing; private entries are not checked.
 */

/** Not after a word character or `@`: `@alice@example.org` is a mention, not an email address. */
const EMAIL =
  /(?<![\p{L}\p{N}._%+@-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

export function emailsIn(text: string): string[] {
  return distinct([...withoutLinks(text).matchAll(EMAIL)].map((m) => m[0]));
}

/** The region phone numbers without a country code are read in: the language's, else US. */
function regionOf(language: string): CountryCode {
  const region = /^[a-z]{2,3}-([A-Z]{2})$/i.exec(language)?.[1]?.toUpperCase();
  return (region ?? "US") as CountryCode;
}

export function phonesIn(text: string, language: string): string[] {
  const found = findPhoneNumbersInText(withoutLinks(text), { defaultCountry: regionOf(language) });
  return distinct(found.filter((f) => f.number.isValid()).map((f) => f.number.number));
}

/**
 * Street addresses, conservatively: a number and a street word, in English,
 * French, German, Dutch, Spanish, Portuguese and Italian word orders.
 */
const ADDRESSES = [
  /\b\d{1,5}[A-Za-z]?\s+(?:\p{Lu}[\p{L}'-]*\s+){1,3}(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Lane|Drive|Boulevard|Blvd\.?|Court|Terrace|Place)(?![\p{L}])/gu,
  /\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|boulevard|chemin|impasse|allée)\s+(?:de\s+la\s+|de\s+l'|du\s+|des\s+|de\s+)?\p{Lu}/giu,
  /\b\p{Lu}\p{L}*(?:straße|strasse|str\.|weg|gasse|allee|platz|laan|straat|gracht|plein)\s+\d{1,4}[a-z]?\b/gu,
  /\b(?:Rua|Avenida|Calle|Via|Viale|Piazza|Plaza|Travessa|Carrer)\s+(?:(?:de|da|do|del|dei|della)\s+)?(?:\p{Lu}[\p{L}']*\s+){1,3}\d{1,4}\b/gu,
];

export function addressesIn(text: string): string[] {
  const prose = withoutLinks(text);
  return distinct(ADDRESSES.flatMap((pattern) => [...prose.matchAll(pattern)].map((m) => m[0])));
}

/** An IBAN is valid when its rearranged digits leave 1 modulo 97. */
export function validIban(candidate: string): boolean {
  const iban = candidate.replace(/\s+/g, "").toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (ch) =>
    String(ch.charCodeAt(0) - 55),
  );
  let rest = 0;
  for (const digit of digits) rest = (rest * 10 + Number(digit)) % 97;
  return rest === 1;
}

/** The Luhn checksum of card numbers. */
export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const IBAN = /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?\b/g;
/** 13–19 digits in groups (card numbers start with 2–6). */
const CARD = /(?<![\d.-])[2-6]\d{3}(?:[ -]?\d){9,15}(?![\d.-])/g;
const SSN = /(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/g;

export function idNumbersIn(text: string): string[] {
  const prose = withoutLinks(text);
  const ibans = [...prose.matchAll(IBAN)].map((m) => m[0]).filter(validIban);
  // Digits inside an IBAN-shaped run are not a card number, checksum or not.
  const withoutIbans = prose.replace(IBAN, (run) => " ".repeat(run.length));
  const cards = [...withoutIbans.matchAll(CARD)]
    .map((m) => m[0])
    .filter((card) => {
      const digits = card.replace(/\D/g, "");
      return digits.length >= 13 && digits.length <= 19 && luhn(digits);
    });
  const ssns = [...prose.matchAll(SSN)].map((m) => m[0]);
  return distinct([...ibans, ...cards, ...ssns]);
}

/** The text others read: title and body (the alt text of photos too). */
function readable(draft: Draft): string {
  return [draft.title, draft.body, ...draft.media.flatMap((m) => [m.alt, m.transcript])].join("\n");
}

const visible = (draft: Draft) => draft.audience !== "private";

function personalRule(
  id: Rule["id"],
  label: string,
  description: string,
  find: (text: string, draft: Draft) => string[],
  what: [string, string],
  why: string,
): Rule {
  return {
    id,
    severity: "confirm",
    label,
    description,
    canTurnOff: true,
    check(draft) {
      if (!visible(draft)) return [];
      const found = find(readable(draft), draft);
      if (found.length === 0) return [];
      const reason = `This entry contains ${count(found.length, what[0], what[1])} (${found.map(quote).join(", ")}). ${why} Check that you mean to share it with everyone who can see this entry.`;
      return [{ rule: id, severity: "confirm", reason } satisfies Finding];
    },
  };
}

export const personalDataRules: Rule[] = [
  personalRule(
    "personal-email",
    "Email addresses",
    "Asks you to confirm before an entry others can see shows an email address.",
    emailsIn,
    ["email address", "email addresses"],
    "Addresses in public posts are collected by spammers.",
  ),
  personalRule(
    "personal-phone",
    "Phone numbers",
    "Asks you to confirm before an entry others can see shows a phone number.",
    (text, draft) => phonesIn(text, draft.language),
    ["phone number", "phone numbers"],
    "Phone numbers can be used to call, text or find the person.",
  ),
  personalRule(
    "personal-address",
    "Street addresses",
    "Asks you to confirm before an entry others can see shows a street address.",
    addressesIn,
    ["street address", "street addresses"],
    "An address tells people where someone lives or works.",
  ),
  personalRule(
    "personal-id-number",
    "ID and account numbers",
    "Asks you to confirm before an entry others can see shows a bank account (IBAN), card or social security number.",
    idNumbersIn,
    [
      "number that looks like an ID or account number",
      "numbers that look like ID or account numbers",
    ],
    "Such numbers can be misused for fraud.",
  ),
];
