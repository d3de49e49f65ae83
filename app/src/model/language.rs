//! The languages Felix Hub speaks.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    He,
    En,
    Ru,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::He, Language::En, Language::Ru];

    pub fn code(self) -> &'static str {
        match self {
            Language::He => "he",
            Language::En => "en",
            Language::Ru => "ru",
        }
    }

    /// The language's own name, as a switcher shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::He => "עברית",
            Language::En => "English",
            Language::Ru => "Русский",
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Language {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value.trim().to_ascii_lowercase().as_str() {
            "he" => Ok(Language::He),
            "en" => Ok(Language::En),
            "ru" => Ok(Language::Ru),
            other => Err(format!("'{other}' is not a supported language (he, en or ru)")),
        }
    }
}
