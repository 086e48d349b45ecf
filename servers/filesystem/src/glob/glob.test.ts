import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';

import { anyGlob, compileGlob } from './glob.js';

const PATHS = [
  'a',
  'a/b',
  'a/b/c',
  'src/index.ts',
  'src/deep/er/file.test.ts',
  'x.ts',
  '.env',
  'config/.env',
  'config/.env.local',
  'a/.git/config',
  'node_modules/pkg/index.js',
  'docs/README.md',
  'b/x',
  'file-12.log',
  'file-7.log',
  'weird name (1).txt',
  'brace{a}.txt',
  'star*name',
  'q',
  'Q',
  'é/ü.md'
];

const PATTERNS = [
  '*',
  '**',
  'a/**',
  '**/*.ts',
  'src/**/*.ts',
  '**/.env',
  '**/.env*',
  '*.md',
  '**/*.md',
  'a/*',
  'a/**/c',
  '{a,b}/*',
  'src/{index,deep/er/file.test}.ts',
  'file-{1..9}.log',
  '*.@(ts|md)',
  '**/*.+(ts|js)',
  '**/?(.)env',
  '[ab]',
  '[a-c]/*',
  '[[:upper:]]',
  '**/node_modules/**',
  'star\\*name',
  '?',
  '*/*',
  'é/*.md',
  '**/.git/**'
];

describe('globs compiled for RE2', () => {
  it('agree with picomatch (dot: true) on ordinary patterns', () => {
    for (const pattern of PATTERNS) {
      const ours = compileGlob(pattern);
      const theirs = picomatch(pattern, { dot: true });
      for (const path of PATHS) expect([pattern, path, ours(path)]).toEqual([pattern, path, theirs(path)]);
    }
  });

  it('match a path holding line terminators as any other character', () => {
    const deny = anyGlob(['**/.env', '**/.ssh/**', '**/*.pem']);
    for (const path of [
      'nl\ndir/.env',
      'cr\rdir/.ssh/id_ed25519',
      'ls\u2028x/.env',
      'ps\u2029/a.pem',
      '\nsecret.pem'
    ]) {
      expect(deny(path)).toBe(true);
    }
    expect(compileGlob('**')('a\nb/c')).toBe(true);
    expect(compileGlob('a/**')('a/\n')).toBe(true);
  });

  it('keep minimatch meanings where picomatch differs', () => {
    // Parentheses without an extglob sign are literal, as in minimatch and the official server.
    expect(compileGlob('weird name (1).txt')('weird name (1).txt')).toBe(true);
    expect(compileGlob('[!a]')('b')).toBe(true);
    expect(compileGlob('[!a]')('a')).toBe(false);
    expect(compileGlob('[!a]')('/')).toBe(false);
    expect(compileGlob('{a}')('{a}')).toBe(true);
    // Ranges expand as in bash (picomatch reads {1..12} as the class [1-12]).
    expect(compileGlob('file-{1..12}.log')('file-12.log')).toBe(true);
    expect(compileGlob('file-{1..12}.log')('file-13.log')).toBe(false);
    expect(compileGlob('v{01..03}')('v02')).toBe(true);
    expect(compileGlob('v{01..03}')('v2')).toBe(false);
    expect(compileGlob('{-02..1}')('-01')).toBe(true);
    // Only two stars make a globstar; a class never matches the separator.
    expect(compileGlob('a/***/b')('a/x/y/b')).toBe(false);
    expect(compileGlob('a/***/b')('a/x/b')).toBe(true);
    expect(compileGlob('a[/]b')('a/b')).toBe(false);
    expect(compileGlob('a[.-0]b')('a/b')).toBe(false);
    expect(compileGlob('a[.-0]b')('a0b')).toBe(true);
    for (const posix of ['punct', 'graph', 'print', 'ascii']) {
      expect([posix, compileGlob(`a[[:${posix}:]]b`)('a/b')]).toEqual([posix, false]);
      expect([posix, compileGlob(`a[[:${posix}:]]b`)('a.b')]).toEqual([posix, true]);
    }
    expect(compileGlob('a[[:punct:]]b')('a~b')).toBe(true);
    expect(compileGlob('a[[:punct:]]b')('a`b')).toBe(true);
    expect(compileGlob('a[[:punct:]]b')('a[b')).toBe(true);
    expect(compileGlob('a[[:punct:]]b')('aqb')).toBe(false);
    expect(compileGlob('!*.ts')('x.md')).toBe(true);
    expect(compileGlob('!*.ts')('x.ts')).toBe(false);
  });

  it('take time linear in the path, whatever the pattern', () => {
    const hostile = [
      `**/${'*?'.repeat(16)}#`,
      `${'*a'.repeat(30)}b`,
      `${'**/a/'.repeat(20)}b`,
      `${'+(a|aa)'.repeat(10)}b`,
      `{${'*a,'.repeat(50)}b}`
    ];
    const path = `${'a/'.repeat(200)}${'a'.repeat(3000)}`;
    const started = performance.now();
    for (const pattern of hostile) expect(compileGlob(pattern)(path)).toBe(false);
    // picomatch takes minutes on the first alone; RE2 a few milliseconds each.
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('refuse what has no linear form, or is too large, with what to do instead', () => {
    expect(() => compileGlob('!(a|b)')).toThrow(/negated extglob/);
    expect(() => compileGlob('file-{1..100000}')).toThrow(/range of 100000/);
    expect(() => compileGlob(`${'{a,'.repeat(12)}b${'}'.repeat(12)}`)).toThrow(/more than 10 deep/);
    expect(() => compileGlob('@(a|b')).toThrow(/never closed/);
    expect(() => compileGlob('[z-a]')).toThrow(/reversed range/);
    expect(() => compileGlob('[[:bogus:]]')).toThrow(/unknown class/);
    expect(() => compileGlob('x'.repeat(5000))).toThrow(/more than 4096/);
  });

  it('refuse, before compiling, what would expand past the budget of a call', () => {
    // 20 patterns of 56 ranges of 1000 numbers: a million alternatives in 10 KB of arguments.
    const patterns = Array.from({ length: 20 }, () => '{1..1000}'.repeat(56));
    const started = performance.now();
    expect(() => anyGlob(patterns)).toThrow(/more than 2000 alternatives/);
    expect(() => anyGlob(['{1..1000}', '{1..1000}', '{1..1000}'])).toThrow(/alternatives/);
    expect(() => anyGlob(Array.from({ length: 100 }, (_, index) => `${index}${'é'.repeat(500)}`))).toThrow(
      /characters of expression/
    );
    // The largest call within the budgets compiles and matches at once.
    const largest = anyGlob([
      '{1..1000}',
      ...Array.from({ length: 99 }, (_, index) => `**/dir${index}/*.${'x'.repeat(40)}`)
    ]);
    expect(largest('dir3/a.xx')).toBe(false);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
