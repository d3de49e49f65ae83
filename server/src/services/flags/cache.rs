//! The flags as this process last read them from the database, and the rule that turns them into
//! the values in force: an override if there is one, else the environment's default; a pilot
//! flag also on for its pilot group unless an override turns it off. Plain data: `services::flags`
//! fills it, `Services::flags` and `Services::flags_for` read it.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, RwLock};

use app::model::{FeatureFlags, Flag};

/// What the database says about the flags, at one version.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlagState {
    /// The `flag_version` counter; `None` while the flags' tables are missing (the flags'
    /// migration rolled back, or not applied yet), when only the defaults count.
    pub version: Option<i64>,
    pub overrides: BTreeMap<Flag, bool>,
    /// The pilot group of each pilot flag, by user id.
    pub pilots: BTreeMap<Flag, BTreeSet<i64>>,
    /// Flags whose migration is not applied: they cannot be on, whatever the override says.
    pub missing_migration: BTreeSet<Flag>,
}

impl FlagState {
    /// The value in force for everyone: the override, else the default, and never on without
    /// its migration.
    pub fn value(&self, defaults: &FeatureFlags, flag: Flag) -> bool {
        self.wanted(defaults, flag) && !self.missing_migration.contains(&flag)
    }

    /// What the override, else the default, asks for, whether or not it can be on.
    pub fn wanted(&self, defaults: &FeatureFlags, flag: Flag) -> bool {
        self.overrides.get(&flag).copied().unwrap_or_else(|| flag.get(defaults))
    }

    /// The values in force for everyone (the public flags endpoint, the admin side).
    pub fn global(&self, defaults: &FeatureFlags) -> FeatureFlags {
        let mut flags = FeatureFlags::default();
        for flag in Flag::ALL {
            flag.set(&mut flags, self.value(defaults, flag));
        }
        flags
    }

    /// The values one user lives with: the global ones, and a pilot flag that is off for
    /// everyone is on for its pilot group, unless an override turned it off (a kill switch
    /// stops the pilot too).
    pub fn for_user(&self, defaults: &FeatureFlags, user_id: i64) -> FeatureFlags {
        let mut flags = self.global(defaults);
        for flag in Flag::ALL.into_iter().filter(|flag| flag.has_pilot()) {
            if !flag.get(&flags) && self.pilot_applies(flag) && self.in_pilot(flag, user_id) {
                flag.set(&mut flags, true);
            }
        }
        flags
    }

    /// Whether the pilot group of `flag` counts now: not while an override turns it off.
    pub fn pilot_applies(&self, flag: Flag) -> bool {
        self.overrides.get(&flag) != Some(&false) && !self.missing_migration.contains(&flag)
    }

    fn in_pilot(&self, flag: Flag, user_id: i64) -> bool {
        self.pilots.get(&flag).is_some_and(|members| members.contains(&user_id))
    }
}

/// The environment's defaults and the last state read, shared by every request.
#[derive(Debug)]
pub struct FlagCache {
    defaults: FeatureFlags,
    current: RwLock<Current>,
}

#[derive(Debug)]
struct Current {
    state: Arc<FlagState>,
    /// `state.global(defaults)`, worked out once per change rather than per request.
    global: FeatureFlags,
}

impl FlagCache {
    /// The defaults alone, until the first read of the database.
    pub fn new(defaults: FeatureFlags) -> FlagCache {
        FlagCache { defaults, current: RwLock::new(Current { state: Arc::default(), global: defaults }) }
    }

    pub fn defaults(&self) -> FeatureFlags {
        self.defaults
    }

    pub fn state(&self) -> Arc<FlagState> {
        self.read().state.clone()
    }

    pub fn global(&self) -> FeatureFlags {
        self.read().global
    }

    pub fn for_user(&self, user_id: i64) -> FeatureFlags {
        self.read().state.for_user(&self.defaults, user_id)
    }

    /// The version last read, to compare with the database's.
    pub fn version(&self) -> Option<i64> {
        self.read().state.version
    }

    /// Keeps a newly read state; returns the flags that changed for everyone.
    pub fn replace(&self, state: FlagState) -> Vec<(Flag, bool)> {
        let global = state.global(&self.defaults);
        let mut current = self.current.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        let changed =
            Flag::ALL.into_iter().filter(|f| f.get(&current.global) != f.get(&global)).map(|f| (f, f.get(&global)));
        let changed = changed.collect();
        *current = Current { state: Arc::new(state), global };
        changed
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Current> {
        self.current.read().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(overrides: &[(Flag, bool)], pilots: &[(Flag, i64)]) -> FlagState {
        let mut state = FlagState { version: Some(1), ..Default::default() };
        state.overrides.extend(overrides.iter().copied());
        for (flag, user) in pilots {
            state.pilots.entry(*flag).or_default().insert(*user);
        }
        state
    }

    #[test]
    fn an_override_wins_over_the_default_either_way() {
        let defaults = FeatureFlags { enable_car_number: true, ..Default::default() };
        let s = state(&[(Flag::CarNumber, false), (Flag::UiRefresh, true)], &[]);
        let flags = s.global(&defaults);
        assert!(!flags.enable_car_number);
        assert!(flags.enable_ui_refresh);
        assert!(!flags.enable_mech_i18n, "no override: the default");
    }

    #[test]
    fn a_flag_without_its_migration_is_off() {
        let mut s = state(&[(Flag::CarNumber, true)], &[]);
        s.missing_migration.insert(Flag::CarNumber);
        assert!(!s.global(&FeatureFlags::default()).enable_car_number);
    }

    #[test]
    fn the_pilot_group_gets_a_pilot_flag_that_is_off_for_everyone_else() {
        let s = state(&[], &[(Flag::UiRefresh, 7), (Flag::CarNumber, 7)]);
        let defaults = FeatureFlags::default();
        assert!(s.for_user(&defaults, 7).enable_ui_refresh);
        assert!(!s.for_user(&defaults, 8).enable_ui_refresh);
        assert!(!s.global(&defaults).enable_ui_refresh);
        assert!(!s.for_user(&defaults, 7).enable_car_number, "not a pilot flag");
    }

    #[test]
    fn an_override_off_stops_the_pilot_too() {
        let s = state(&[(Flag::UiRefresh, false)], &[(Flag::UiRefresh, 7)]);
        let defaults = FeatureFlags { enable_ui_refresh: true, ..Default::default() };
        assert!(!s.for_user(&defaults, 7).enable_ui_refresh);
    }
}
