import jsTokens from 'js-tokens';

const KEYWORDS = new Set(
  (
    'await break case catch class const continue debugger default delete do else enum export extends false finally for function if ' +
    'import in instanceof let new null return static super switch this throw true try typeof undefined var void while with yield ' +
    'async of as from get set type interface implements declare readonly private protected public abstract namespace keyof satisfies'
  ).split(' '),
);

/** The CSS class of a token in the report's source view, or undefined for plain text. */
function classOf(token: { type: string; value: string }): string | undefined {
  switch (token.type) {
    case 'StringLiteral':
    case 'NoSubstitutionTemplate':
    case 'TemplateHead':
    case 'TemplateMiddle':
    case 'TemplateTail':
      return 's';
    case 'MultiLineComment':
    case 'SingleLineComment':
      return 'c';
    case 'NumericLiteral':
      return 'n';
    case 'RegularExpressionLiteral':
      return 'r';
    case 'IdentifierName':
      return KEYWORDS.has(token.value) ? 'k' : undefined;
    default:
      return undefined;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => ESCAPES[char]!);
}

/**
 * The source as HTML, one string per line: strings, comments, numbers, regular expressions and keywords
 * in spans (classes s, c, n, r, k), everything escaped. A token that spans lines (a block comment, a
 * template) is closed at each line end and reopened on the next, so every line stands alone.
 */
export function highlightLines(code: string): string[] {
  const lines: string[] = [];
  let current = '';
  for (const token of jsTokens(code)) {
    const cls = classOf(token);
    const parts = token.value.split(/\r\n|\r|\n|\u2028|\u2029/);
    parts.forEach((part, index) => {
      if (index > 0) {
        lines.push(current);
        current = '';
      }
      if (part.length === 0) return;
      current += cls ? `<span class="${cls}">${escapeHtml(part)}</span>` : escapeHtml(part);
    });
  }
  lines.push(current);
  return lines;
}
