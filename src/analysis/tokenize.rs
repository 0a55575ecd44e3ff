//! Tokens, sentences and clauses of a comment.
//!
//! A token is a maximal run of letters and digits (combining marks stay with their letter, so a
//! decomposed "ä" does not split a word). Each token keeps its byte range in the original text and
//! a normalised form: NFC, lowercase. Punctuation is not a token; it decides where sentences and
//! clauses end:
//!
//! * a sentence ends at `!`, `?`, `;`, at a blank line (unless the next word is lowercase),
//!   before a bullet at the start of a line,
//!   and at `.` unless the next token follows without white space or starts with a lowercase
//!   letter (`bl.a. på`, `3.1`, `16/12/2024.` → only the last is an end);
//! * a clause also ends at `,` (not between digits: `8,5`), `:`, quotes, a spaced dash
//!   and before a clause-breaking word from the lexicon (`men`, `dock`, …).
//!
//! One pass over the text; the work is linear in its length.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// What kind of token this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    Word,
    /// Only ASCII digits, not a year.
    Number,
    /// Four digits between 1900 and 2099.
    Year,
}

#[derive(Debug, Clone)]
pub(crate) struct Token {
    /// Byte range in the original text.
    pub start: usize,
    pub end: usize,
    /// NFC, lowercase.
    pub norm: String,
    pub kind: TokenKind,
    /// Index of the sentence this token belongs to (increasing).
    pub sentence: u32,
    /// Index of the clause this token belongs to (increasing; a sentence end is a clause end).
    pub clause: u32,
    /// The numeric value of a `Number` or `Year` token (saturating).
    pub value: u64,
}

impl Token {
    pub fn is_number(&self) -> bool {
        self.kind == TokenKind::Number
    }
}

fn is_token_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

const BULLETS: &[char] = &[
    '-', '\u{2013}', '\u{2014}', '\u{2022}', '\u{00b7}', '*', '\u{25aa}', '\u{25cb}', '\u{25e6}',
    '\u{25a0}', '\u{25a1}', '\u{25ba}', '\u{f0b7}', '\u{f0a7}', '\u{f0d8}',
];

/// How strongly the separator between two tokens divides them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Break {
    None,
    Clause,
    Sentence,
}

/// Classifies the text between two tokens. `next` is the first char of the following token.
fn classify_separator(sep: &str, prev_last: Option<char>, next: Option<char>) -> Break {
    let mut brk = Break::None;
    let has_space = sep.chars().any(char::is_whitespace);
    let next_lower = next.is_some_and(char::is_lowercase);
    let next_digit = next.is_some_and(|c| c.is_ascii_digit());
    let prev_digit = prev_last.is_some_and(|c| c.is_ascii_digit());
    let mut newlines = 0usize;
    let mut line_start = false;
    let chars: Vec<char> = sep.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\n' => {
                newlines += 1;
                line_start = true;
                // A blank line ends a sentence, unless the text goes on in lowercase (a
                // paragraph break from PDF extraction inside a sentence).
                if newlines >= 2 && !next_lower {
                    brk = brk.max(Break::Sentence);
                }
                continue;
            }
            '!' | '?' | ';' => brk = brk.max(Break::Sentence),
            '.' => {
                // An abbreviation or a number ("bl.a. på", "3.1") does not end the sentence.
                let abbreviation = next_lower || (!has_space && (next_digit || prev_digit));
                if !abbreviation {
                    brk = brk.max(Break::Sentence);
                }
            }
            // A comma between digits ("8,5") is a decimal comma.
            ',' if !(prev_digit && next_digit && !has_space) => brk = brk.max(Break::Clause),
            ':' | '"' | '”' | '“' | '«' | '»' => brk = brk.max(Break::Clause),
            _ if BULLETS.contains(&c) => {
                if line_start {
                    brk = brk.max(Break::Sentence);
                } else {
                    // A dash with space on both sides ("text – text") separates clauses; a
                    // hyphen inside a word ("IT-förvaltningen") does not.
                    let before = i == 0 || chars[i - 1].is_whitespace();
                    let after = i + 1 == chars.len() || chars[i + 1].is_whitespace();
                    if before && after && has_space {
                        brk = brk.max(Break::Clause);
                    }
                }
            }
            _ => {}
        }
        if !c.is_whitespace() {
            line_start = false;
        }
    }
    brk
}

/// Splits `text` into tokens. `clause_breakers` are normalised words that start a new clause
/// ("men", "dock"); the word itself belongs to the new clause.
pub(crate) fn tokenize(text: &str, is_clause_breaker: impl Fn(&str) -> bool) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::new();
    let mut sentence = 0u32;
    let mut clause = 0u32;
    let mut prev_end = 0usize;
    let mut prev_last: Option<char> = None;
    let mut iter = text.char_indices().peekable();
    while let Some(&(start, c0)) = iter.peek() {
        if !is_token_char(c0) {
            iter.next();
            continue;
        }
        let mut end = start;
        let mut last = c0;
        while let Some(&(i, c)) = iter.peek() {
            if !is_token_char(c) {
                break;
            }
            end = i + c.len_utf8();
            last = c;
            iter.next();
        }
        let raw = &text[start..end];
        let norm: String = raw.nfc().flat_map(char::to_lowercase).collect();
        if !tokens.is_empty() {
            let brk = classify_separator(&text[prev_end..start], prev_last, Some(c0));
            match brk {
                Break::Sentence => {
                    sentence += 1;
                    clause += 1;
                }
                Break::Clause => clause += 1,
                Break::None => {
                    if is_clause_breaker(&norm) {
                        clause += 1;
                    }
                }
            }
        }
        let all_digits = raw.bytes().all(|b| b.is_ascii_digit());
        let value = if all_digits {
            raw.bytes().fold(0u64, |acc, b| {
                acc.saturating_mul(10).saturating_add(u64::from(b - b'0'))
            })
        } else {
            0
        };
        let kind = if !all_digits {
            TokenKind::Word
        } else if raw.len() == 4 && (1900..=2099).contains(&value) {
            TokenKind::Year
        } else {
            TokenKind::Number
        };
        tokens.push(Token {
            start,
            end,
            norm,
            kind,
            sentence,
            clause,
            value,
        });
        prev_end = end;
        prev_last = Some(last);
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<Token> {
        tokenize(text, |w| w == "men")
    }

    #[test]
    fn words_numbers_and_years() {
        let t = toks("Fel på 15 av de 94 fakturorna under 2024.");
        let norms: Vec<&str> = t.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(
            norms,
            [
                "fel",
                "på",
                "15",
                "av",
                "de",
                "94",
                "fakturorna",
                "under",
                "2024"
            ]
        );
        assert_eq!(t[2].kind, TokenKind::Number);
        assert_eq!(t[2].value, 15);
        assert_eq!(t[8].kind, TokenKind::Year);
    }

    #[test]
    fn byte_ranges_point_into_the_original() {
        let text = "Ej genomförd på grund av sjukskrivning/resursbrist.";
        for t in toks(text) {
            assert_eq!(
                text[t.start..t.end]
                    .nfc()
                    .flat_map(char::to_lowercase)
                    .collect::<String>(),
                t.norm
            );
        }
    }

    #[test]
    fn decomposed_letters_stay_in_one_token() {
        let text = "Inga a\u{0308}ndringar"; // "ändringar" with a combining diaeresis
        let t = toks(text);
        assert_eq!(t.len(), 2);
        assert_eq!(t[1].norm, "ändringar");
    }

    #[test]
    fn sentences_and_clauses() {
        let t = toks("Inga avvikelser, men fel. Bl.a. detta 3.1 och 8,5 %\n\nNytt stycke");
        let s: Vec<u32> = t.iter().map(|t| t.sentence).collect();
        // "Bl.a." is an abbreviation (lowercase after the dot), "3.1" and "8,5" are numbers.
        assert_eq!(s, [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2]);
        let c: Vec<u32> = t.iter().map(|t| t.clause).collect();
        assert_eq!(c[0], c[1]);
        assert_ne!(c[1], c[2]); // comma, then "men"
        assert_eq!(c[2], c[3]);
    }

    #[test]
    fn bullets_at_line_start_end_sentences_hyphens_do_not() {
        let t = toks("IT-förvaltningen har\n- inga fel\n- några fel");
        let s: Vec<u32> = t.iter().map(|t| t.sentence).collect();
        assert_eq!(s, [0, 0, 0, 1, 1, 2, 2]);
    }

    #[test]
    fn empty_and_symbols_only() {
        assert!(toks("").is_empty());
        assert!(toks("  \n\t - • ;;").is_empty());
    }
}
