// Label matchers use Go's RE2 syntax, fully anchored, with `.` matching newlines (Prometheus
// compiles `^(?s:…)$`). JavaScript differs in a few places users write: flag groups `(?i)` that
// apply to the rest of the enclosing group (JS only has scoped `(?i:…)` modifiers), named groups
// `(?P<n>…)`, `\A`/`\z`, `\Q…\E` and POSIX classes. Those are translated; what cannot be
// translated is refused by name rather than matched differently.

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/** Thrown with an offset into the pattern; the parser turns it into a positioned query error. */
export class RegexSyntaxError extends Error {}

function translate(re2: string): string {
  let out = '';
  // For each open group: the bare flag groups `(?i)` opened inside it, each translated to a
  // scoped `(?i:` that must close with the group (and reopen after each `|`, as flags in RE2
  // hold across alternatives).
  const open: string[][] = [[]];
  let i = 0;
  while (i < re2.length) {
    const c = re2[i]!;
    if (c === '\\') {
      const n = re2[i + 1];
      if (n === 'A') out += '^';
      else if (n === 'z') out += '$';
      else if (n === 'Q') {
        const end = re2.indexOf('\\E', i + 2);
        const lit = re2.slice(i + 2, end < 0 ? re2.length : end);
        out += lit.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
        i = end < 0 ? re2.length : end + 2;
        continue;
      } else if (n === 'C') throw new RegexSyntaxError('\\C (any byte) is not supported');
      else out += c + (n ?? '');
      i += 2;
      continue;
    }
    if (c === '[') {
      // Copy a character class, expanding [:name:] inside it.
      let j = i + 1;
      let cls = '[';
      if (re2[j] === '^') cls += re2[j++];
      if (re2[j] === ']') cls += '\\' + re2[j++];
      while (j < re2.length && re2[j] !== ']') {
        const posix = /^\[:(\^?)([a-z]+):\]/.exec(re2.slice(j));
        if (posix) {
          const set = POSIX[posix[2]!];
          if (!set || posix[1]) throw new RegexSyntaxError(`POSIX class [:${posix[1]}${posix[2]}:] is not supported`);
          cls += set;
          j += posix[0].length;
        } else if (re2[j] === '\\') {
          cls += re2.slice(j, j + 2);
          j += 2;
        } else if (re2[j] === '[') {
          cls += '\\[';
          j++;
        } else cls += re2[j++];
      }
      out += cls + ']';
      i = j + 1;
      continue;
    }
    if (c === '(') {
      const flags = /^\(\?([imsU]*)(?:-([imsU]*))?(\)|:)/.exec(re2.slice(i));
      if (flags && (flags[1] || flags[2])) {
        if ((flags[1] + (flags[2] ?? '')).includes('U')) throw new RegexSyntaxError('the U (ungreedy) flag is not supported');
        const mods = `${flags[1]}${flags[2] ? `-${flags[2]}` : ''}`;
        out += `(?${mods}:`;
        if (flags[3] === ':') open.push([]);
        else open[open.length - 1]!.push(mods);
        i += flags[0].length;
        continue;
      }
      if (re2.startsWith('(?P<', i)) {
        out += '(?<';
        i += 4;
      } else {
        out += c;
        i++;
      }
      open.push([]);
      continue;
    }
    if (c === ')') {
      out += ')'.repeat(open.pop()?.length ?? 0) + ')';
      if (open.length === 0) throw new RegexSyntaxError('unexpected )');
      i++;
      continue;
    }
    if (c === '|') {
      const mods = open[open.length - 1]!;
      out += ')'.repeat(mods.length) + '|' + mods.map((m) => `(?${m}:`).join('');
      i++;
      continue;
    }
    out += c;
    i++;
  }
  if (open.length !== 1) throw new RegexSyntaxError('missing )');
  return out + ')'.repeat(open[0]!.length);
}

/** Compiles a label matcher's RE2 pattern the way Prometheus anchors it. */
export function compileLabelRegex(re2: string): RegExp {
  try {
    // No `u` flag: RE2 accepts escapes of any punctuation, which `u` mode rejects.
    return new RegExp(`^(?:${translate(re2)})$`, 's');
  } catch (e) {
    if (e instanceof RegexSyntaxError) throw e;
    throw new RegexSyntaxError((e as Error).message.replace(/^Invalid regular expression: /, ''));
  }
}
