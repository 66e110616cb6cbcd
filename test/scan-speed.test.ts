import { describe, expect, it } from 'vitest';
import { blobsIn, normalise } from '../src/scan/text.js';

// The scanner's fast paths must give exactly what the plain regular expressions give. These
// compare them with the original expressions on random text drawn from the characters that
// matter (emphasis marks, blanks, blob characters, `=`, letters, non-ASCII, line breaks).

/* eslint-disable no-misleading-character-class */
const INVISIBLE = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0]|\udb40[\udc00-\udc7f]/g;
/* eslint-enable no-misleading-character-class */
const INLINE_TAGS = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'big', 'code', 'del', 'em', 'font', 'i', 'ins', 'kbd', 'mark', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'tt', 'u', 'var', 'wbr']);

/** normalise() as it was before the fast paths: every step on every text. */
function referenceNormalise(raw: string): string {
  let text = raw.normalize('NFKC');
  text = text.replace(INVISIBLE, '');
  text = text.replace(/\r\n?|\u2028|\u2029|\u0085/g, '\n');
  text = text.replace(/<\/?([A-Za-z][A-Za-z0-9-]{0,30})(?:\s[^<>\n]{0,500})?\/?>/g, (_m, name: string) => (INLINE_TAGS.has(name.toLowerCase()) ? '' : ' '));
  text = text.replace(/(?<=[\p{L}\p{N}`'"])(?:\*{1,3}|~~)(?![/.])|(?<![/\\])(?:\*{1,3}|~~)(?=[\p{L}\p{N}`'"])/gu, '');
  text = text.replace(/[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+/g, ' ');
  return text;
}

function random(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x >>> 8;
  };
}

function randomText(next: () => number, alphabet: string[], length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[next() % alphabet.length] as string;
  return s;
}

const NORMALISE_ALPHABET = ['a', 'Z', '7', ' ', ' ', '  ', '\t', '\u00a0', '\u3000', '\f', '*', '**', '***', '~', '~~', '/', '.', '\\', '`', "'", '"', '\n', '\r', '\r\n', 'é', 'ﬁ', '\u200b', '\u2028', '<b>', '</div>', '<', '>', '\ud83d\ude00', 'ß', '\u0301'];
const BLOB_ALPHABET = ['A', 'z', '0', '9', '+', '/', '_', '-', '=', '==', '===', ' ', '\n', '.', 'é', 'Q'.repeat(31), 'ab'.repeat(20)];

describe('scanner fast paths', () => {
  it('normalise() gives what the plain replace chain gives', () => {
    const next = random(7);
    for (let n = 0; n < 3000; n++) {
      const text = randomText(next, NORMALISE_ALPHABET, next() % 60);
      expect(normalise(text), JSON.stringify(text)).toBe(referenceNormalise(text));
    }
    // The ASCII fast path: no NFKC, no invisible-character pass, no CR.
    for (const text of ['plain words only', 'a  b\tc', '**bold**', 'c*ur*l ~~x~~ /* x */ *.md', 'x\r\ny', '<span>cu</span>rl', '']) {
      expect(normalise(text)).toBe(referenceNormalise(text));
    }
  });

  it('blobsIn() finds exactly the matches of /[A-Za-z0-9+/_-]{32,}={0,2}/g', () => {
    const next = random(11);
    for (let n = 0; n < 3000; n++) {
      const text = randomText(next, BLOB_ALPHABET, next() % 30);
      const expected = [...text.matchAll(/[A-Za-z0-9+/_-]{32,}={0,2}/g)].map((m) => [m.index, m[0]]);
      expect(blobsIn(text), JSON.stringify(text)).toEqual(expected);
    }
    const edge = `${'A'.repeat(31)} ${'B'.repeat(32)}==${'C'.repeat(40)}===${'D'.repeat(32)}`;
    expect(blobsIn(edge)).toEqual([[32, `${'B'.repeat(32)}==`], [66, `${'C'.repeat(40)}==`], [109, 'D'.repeat(32)]]);
  });
});
