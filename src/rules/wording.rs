//! Small pieces of wording shared by rule messages.

use crate::finding::Text;

/// "1 risk" / "3 risker" (and the English), so that messages read naturally for any count.
pub(crate) fn risks(n: impl Into<i64>) -> Text {
    let n = n.into();
    if n == 1 {
        Text::new("1 risk", "1 risk")
    } else {
        Text::new(format!("{n} risker"), format!("{n} risks"))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn singular_and_plural() {
        assert_eq!(super::risks(1).sv, "1 risk");
        assert_eq!(super::risks(0).sv, "0 risker");
        assert_eq!(super::risks(70).en, "70 risks");
    }
}
