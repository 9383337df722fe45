//! Consultations in memory: each has its photo (or none, for the default head), its last plan
//! and the newest preview asked for. Bounded: the least recently used is dropped.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use super::align::LoadedScene;
use super::photo::{PhotoState, Scalp};
use crate::head::Alignment;
use crate::plan::Plan;
use crate::preset::Layout;
use crate::render::StagedBackground;

/// A plan and the preset and layout it came from, kept while the preset and seed stay the
/// same (a change of look, skin or view re-renders without re-sampling).
pub struct CachedPlan {
    /// The preset's source and the seed: equal keys give equal plans.
    pub key: String,
    /// Its density fields.
    pub layout: Layout,
    /// The sampled dots.
    pub plan: Plan,
}

/// What a consultation holds between requests.
#[derive(Default)]
pub struct SessionState {
    /// The client's photo and its fits; `None`: the built-in default head.
    pub photo: Option<Arc<PhotoState>>,
    /// The last plan built.
    pub plan: Option<Arc<CachedPlan>>,
    /// What the last photo preview used, for the scene export.
    pub used: Option<UsedScene>,
    /// A scene file reopened over the photo, until another photo or the built-in head.
    pub scene: Option<Arc<LoadedScene>>,
    /// The scalp mask painted on the page: replaces the reopened scene's and the fit's in
    /// every view, until the fitted area, another photo or another scene.
    pub painted: Option<Arc<Scalp>>,
    /// The built-in head last rendered, and what it was rendered for (plan, view, size, skin):
    /// a change of look or session draws only the dots again.
    pub default_head: Option<(String, Arc<StagedBackground>)>,
}

/// What a photo preview was rendered with: the scene file that reproduces it.
#[derive(Clone)]
pub struct UsedScene {
    /// Where the head model sat.
    pub alignment: Alignment,
    /// The scalp mask used.
    pub scalp: Arc<Scalp>,
    /// The hairline traced on the photo, image px, if one replaced the preset's.
    pub hairline_px: Option<Vec<[f64; 2]>>,
}

/// One consultation.
#[derive(Default)]
pub struct Session {
    state: Mutex<SessionState>,
    /// Number of the newest preview asked for: an older one still waiting is dropped.
    newest_preview: AtomicU64,
    /// Held while a preview renders: one at a time per consultation.
    rendering: Mutex<()>,
}

impl Session {
    /// The consultation's state, locked (briefly: never across a render).
    pub fn state(&self) -> MutexGuard<'_, SessionState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Registers a new preview request; returns its number.
    pub fn ask_preview(&self) -> u64 {
        self.newest_preview.fetch_add(1, Ordering::SeqCst) + 1
    }

    /// Whether preview `number` is still the newest asked for.
    pub fn is_newest(&self, number: u64) -> bool {
        self.newest_preview.load(Ordering::SeqCst) == number
    }

    /// Waits for the consultation's renderer.
    pub fn render_turn(&self) -> MutexGuard<'_, ()> {
        self.rendering.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Every consultation in memory.
pub struct Sessions {
    max_sessions: usize,
    store: Mutex<Store>,
    ids: RandomState,
}

#[derive(Default)]
struct Store {
    clock: u64,
    /// By id: when it was last used, and the session.
    by_id: HashMap<String, (u64, Arc<Session>)>,
}

impl Sessions {
    /// An empty store holding at most `max_sessions`.
    pub fn new(max_sessions: usize) -> Self {
        Self { max_sessions, store: Mutex::default(), ids: RandomState::new() }
    }

    /// A new consultation and its id (16 hex digits, unguessable across runs).
    pub fn create(&self) -> (String, Arc<Session>) {
        let mut store = self.store.lock().unwrap_or_else(PoisonError::into_inner);
        store.clock += 1;
        let id = format!("{:016x}", self.ids.hash_one(store.clock));
        let session = Arc::new(Session::default());
        if store.by_id.len() >= self.max_sessions {
            let oldest =
                store.by_id.iter().min_by_key(|(_, (used, _))| *used).map(|(k, _)| k.clone());
            if let Some(oldest) = oldest {
                store.by_id.remove(&oldest);
            }
        }
        let now = store.clock;
        store.by_id.insert(id.clone(), (now, Arc::clone(&session)));
        (id, session)
    }

    /// The consultation `id`, if it is still in memory.
    pub fn get(&self, id: &str) -> Option<Arc<Session>> {
        let mut store = self.store.lock().unwrap_or_else(PoisonError::into_inner);
        store.clock += 1;
        let now = store.clock;
        let (used, session) = store.by_id.get_mut(id)?;
        *used = now;
        Some(Arc::clone(session))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_least_recently_used_consultation_is_dropped() {
        let sessions = Sessions::new(2);
        let (a, _) = sessions.create();
        let (b, _) = sessions.create();
        assert!(sessions.get(&a).is_some());
        let (c, _) = sessions.create();
        assert!(sessions.get(&b).is_none(), "b was the least recently used");
        assert!(sessions.get(&a).is_some() && sessions.get(&c).is_some());
        assert_ne!(a, c);
    }

    #[test]
    fn only_the_newest_preview_is_newest() {
        let session = Session::default();
        let first = session.ask_preview();
        let second = session.ask_preview();
        assert!(!session.is_newest(first) && session.is_newest(second));
    }
}
