//! The mechanics' bot, on long polling: linking a chat to an account, the guided new-order
//! dialogue, the open orders, help and the language. It reaches orders through the same service
//! layer as the web app, so admins hear of bot orders like any other.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use teloxide::dispatching::UpdateHandler;
use teloxide::dispatching::dialogue::{self, InMemStorage};
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, KeyboardMarkup, ParseMode};
use teloxide::utils::command::BotCommands;

use app::model::{Language, NewOrder, OrderQuery, OriginalOrAnalog, Role, Viewer, validation};

use super::text::{self, bot as say};
use crate::entities::user;
use crate::services::{Services, auth, catalog, orders, users};

/// A draft left alone this long is dropped, and the mechanic told so.
const DIALOGUE_TIMEOUT: chrono::Duration = chrono::Duration::minutes(30);

type HandlerError = Box<dyn std::error::Error + Send + Sync>;
type HandlerResult = Result<(), HandlerError>;
type Store = InMemStorage<Session>;
type BotDialogue = Dialogue<Session, Store>;

#[derive(BotCommands, Clone, Debug)]
#[command(rename_rule = "lowercase")]
pub enum Command {
    /// Start, or link with a code: /start CODE
    Start(String),
    /// Link this chat to your Felix Hub account: /link CODE
    Link(String),
    /// Order a part
    New,
    /// Your open orders
    Orders,
    /// What the bot does
    Help,
    /// Change the language
    Language,
    /// Drop the order in progress
    Cancel,
}

/// Where a chat is in the conversation.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Step {
    #[default]
    Start,
    Category,
    Part,
    PartText,
    Vin,
    CarNumber,
    Original,
    Photo,
    Confirm,
}

/// The order being put together.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Draft {
    pub category: String,
    pub category_id: Option<i64>,
    pub part_type: String,
    pub part_id: Option<i64>,
    pub vin: String,
    pub car_number: Option<String>,
    pub original: Option<OriginalOrAnalog>,
    pub photo: Option<String>,
    /// Set while one field is being changed from the summary: the next answer goes back to it.
    pub editing: bool,
}

/// A chat's dialogue state, with the language chosen before linking and the last activity.
#[derive(Clone, Debug)]
pub struct Session {
    pub step: Step,
    pub draft: Draft,
    pub language: Option<Language>,
    pub touched: DateTime<Utc>,
}

impl Default for Session {
    fn default() -> Self {
        Session { step: Step::Start, draft: Draft::default(), language: None, touched: Utc::now() }
    }
}

/// Everything a handler knows about the chat it answers.
struct Chat {
    bot: Bot,
    id: ChatId,
    dialogue: BotDialogue,
    session: Session,
    account: Option<user::Model>,
    language: Language,
    services: Arc<Services>,
}

impl Chat {
    async fn load(bot: Bot, dialogue: BotDialogue, services: Arc<Services>) -> Result<Chat, HandlerError> {
        let id = dialogue.chat_id();
        let session = dialogue.get().await?.unwrap_or_default();
        let account = linked_account(&services, id.0).await?;
        let language =
            account.as_ref().map(auth::language_of).or(session.language).unwrap_or(services.config.default_language);
        Ok(Chat { bot, id, dialogue, session, account, language, services })
    }

    async fn say(&self, text: impl Into<String>) -> HandlerResult {
        self.bot.send_message(self.id, text).parse_mode(ParseMode::Html).await?;
        Ok(())
    }

    async fn ask(&self, text: impl Into<String>, keyboard: InlineKeyboardMarkup) -> HandlerResult {
        self.bot.send_message(self.id, text).parse_mode(ParseMode::Html).reply_markup(keyboard).await?;
        Ok(())
    }

    async fn save(&mut self, step: Step) -> HandlerResult {
        self.session.step = step;
        self.session.touched = Utc::now();
        self.dialogue.update(self.session.clone()).await?;
        Ok(())
    }

    /// Drops any draft, keeping the chosen language.
    async fn reset(&mut self) -> HandlerResult {
        self.session.draft = Draft::default();
        self.save(Step::Start).await
    }

    fn viewer(&self) -> Option<Viewer> {
        self.account.as_ref().map(|account| Viewer {
            id: account.id,
            role: account.role.parse().unwrap_or(Role::Mechanic),
            display_name: account.display_name.clone(),
            language: self.language,
            session_id: 0,
        })
    }

    fn menu(&self) -> KeyboardMarkup {
        let l = self.language;
        KeyboardMarkup::new([
            vec![KeyboardButton::new(say::menu_new(l)), KeyboardButton::new(say::menu_orders(l))],
            vec![KeyboardButton::new(say::menu_help(l)), KeyboardButton::new(say::menu_language(l))],
        ])
        .resize_keyboard()
    }

    async fn show_menu(&self, text: impl Into<String>) -> HandlerResult {
        self.bot.send_message(self.id, text).parse_mode(ParseMode::Html).reply_markup(self.menu()).await?;
        Ok(())
    }
}

async fn linked_account(services: &Services, chat_id: i64) -> Result<Option<user::Model>, HandlerError> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    Ok(user::Entity::find()
        .filter(user::Column::TelegramChatId.eq(chat_id))
        .filter(user::Column::Active.eq(true))
        .one(&services.db.read)
        .await?)
}

/// The handler tree: commands first, then what the current step expects.
pub fn schema() -> UpdateHandler<HandlerError> {
    let messages = Update::filter_message()
        .branch(teloxide::filter_command::<Command, _>().endpoint(on_command))
        .branch(dptree::endpoint(on_message));
    let callbacks = Update::filter_callback_query().endpoint(on_callback);
    dialogue::enter::<Update, Store, Session, _>().branch(messages).branch(callbacks)
}

/// Starts the dispatcher; returns its shutdown token and task. Only `getMe` touches the network
/// before polling starts, and a failure there is logged, not fatal.
pub fn spawn(services: Arc<Services>, bot: Bot) -> (teloxide::dispatching::ShutdownToken, tokio::task::JoinHandle<()>) {
    let mut dispatcher = Dispatcher::builder(bot.clone(), schema())
        .dependencies(dptree::deps![Store::new(), services.clone()])
        .default_handler(|_| async {})
        .error_handler(Arc::new(|error: HandlerError| async move {
            tracing::warn!(%error, "telegram bot handler failed");
        }))
        .build();
    let token = dispatcher.shutdown_token();
    let task = tokio::spawn(async move {
        match bot.get_me().await {
            Ok(me) => {
                if let Some(username) = me.username.clone() {
                    let _ = services.telegram_bot_username.set(username);
                }
            }
            Err(error) => tracing::warn!(%error, "telegram: getMe failed; the bot keeps trying"),
        }
        if let Err(error) = bot.set_my_commands(Command::bot_commands()).await {
            tracing::warn!(%error, "telegram: setMyCommands failed");
        }
        loop {
            let listener = teloxide::update_listeners::Polling::builder(bot.clone())
                .timeout(std::time::Duration::from_secs(10))
                .build();
            let result = dispatcher
                .try_dispatch_with_listener(
                    listener,
                    teloxide::error_handlers::LoggingErrorHandler::with_custom_text("telegram polling"),
                )
                .await;
            match result {
                Ok(()) => break,
                Err(error) => {
                    tracing::warn!(%error, "telegram bot could not start polling; retrying in 30 s");
                    tokio::time::sleep(std::time::Duration::from_secs(30)).await;
                }
            }
        }
    });
    (token, task)
}

/// Drops a draft nobody touched for `DIALOGUE_TIMEOUT`, and says so. True when it did.
async fn expire_if_stale(chat: &mut Chat) -> Result<bool, HandlerError> {
    let stale = chat.session.step != Step::Start && Utc::now() - chat.session.touched > DIALOGUE_TIMEOUT;
    if stale {
        chat.reset().await?;
        chat.show_menu(say::expired(chat.language)).await?;
    }
    Ok(stale)
}

async fn on_command(bot: Bot, dialogue: BotDialogue, services: Arc<Services>, command: Command) -> HandlerResult {
    let mut chat = Chat::load(bot, dialogue, services).await?;
    expire_if_stale(&mut chat).await?;
    match command {
        Command::Start(code) if !code.trim().is_empty() => link(&mut chat, &code).await,
        Command::Start(_) => start(&mut chat).await,
        Command::Link(code) if code.trim().is_empty() => chat.say(say::link_usage(chat.language)).await,
        Command::Link(code) => link(&mut chat, &code).await,
        Command::New => new_order(&mut chat).await,
        Command::Orders => my_orders(&chat).await,
        Command::Help => chat.show_menu(say::help(chat.language)).await,
        Command::Language => choose_language(&chat).await,
        Command::Cancel => {
            chat.reset().await?;
            chat.show_menu(say::cancelled(chat.language)).await
        }
    }
}

async fn start(chat: &mut Chat) -> HandlerResult {
    chat.reset().await?;
    match &chat.account {
        Some(account) => chat.show_menu(say::welcome_linked(chat.language, &account.display_name)).await,
        None => choose_language(chat).await,
    }
}

async fn choose_language(chat: &Chat) -> HandlerResult {
    let buttons = Language::ALL.map(|l| InlineKeyboardButton::callback(l.native_name(), format!("lang:{}", l.code())));
    chat.ask(say::choose_language(), InlineKeyboardMarkup::new([buttons])).await
}

async fn link(chat: &mut Chat, code: &str) -> HandlerResult {
    match auth::redeem_telegram_link_code(&chat.services, code, chat.id.0).await {
        Ok(account) => {
            chat.language = auth::language_of(&account);
            let name = account.display_name.clone();
            chat.account = Some(account);
            chat.reset().await?;
            chat.show_menu(say::linked(chat.language, &name)).await
        }
        Err(error) => chat.say(say::error(&error.into_app_error().message)).await,
    }
}

async fn my_orders(chat: &Chat) -> HandlerResult {
    let Some(viewer) = chat.viewer() else { return chat.say(say::not_linked(chat.language)).await };
    let query = OrderQuery { status: Some("open".into()), per_page: Some(20), ..Default::default() };
    let page = match orders::list(&chat.services, &viewer, &query).await {
        Ok(page) => page,
        Err(error) => return chat.say(say::error(&error.into_app_error().message)).await,
    };
    if page.orders.is_empty() {
        return chat.show_menu(say::no_open_orders(chat.language)).await;
    }
    let mut lines = vec![format!("<b>{}</b>", say::open_orders(chat.language))];
    for order in &page.orders {
        lines.push(format!(
            "#{} · <code>{}</code> · {} · <b>{}</b>",
            order.id,
            teloxide::utils::html::escape(&order.vin),
            teloxide::utils::html::escape(&order.part_type),
            text::status_name(chat.language, order.status)
        ));
    }
    chat.show_menu(lines.join("\n")).await
}

async fn new_order(chat: &mut Chat) -> HandlerResult {
    if chat.account.is_none() {
        return chat.say(say::not_linked(chat.language)).await;
    }
    chat.session.draft = Draft::default();
    ask_category(chat).await
}

async fn ask_category(chat: &mut Chat) -> HandlerResult {
    let language = chat.language;
    if chat.services.flags.enable_part_categories
        && let Some(viewer) = chat.viewer()
        && let Ok(categories) = catalog::list_categories(&chat.services, &viewer).await
        && !categories.is_empty()
    {
        let mut rows: Vec<Vec<InlineKeyboardButton>> = categories
            .chunks(2)
            .map(|pair| {
                pair.iter().map(|c| InlineKeyboardButton::callback(c.name(language), format!("cat:{}", c.id))).collect()
            })
            .collect();
        rows.push(vec![InlineKeyboardButton::callback(say::other_category(language), "cat:other")]);
        chat.save(Step::Category).await?;
        return chat.ask(say::ask_category(language), InlineKeyboardMarkup::new(rows)).await;
    }
    chat.save(Step::Category).await?;
    chat.say(say::ask_category_text(language)).await
}

async fn ask_part(chat: &mut Chat) -> HandlerResult {
    let language = chat.language;
    if let (Some(category_id), Some(viewer)) = (chat.session.draft.category_id, chat.viewer()) {
        let query = app::model::PartQuery { category_id: Some(category_id), ..Default::default() };
        if let Ok(parts) = catalog::list_parts(&chat.services, &viewer, &query).await {
            let mut rows: Vec<Vec<InlineKeyboardButton>> = parts
                .iter()
                .map(|p| vec![InlineKeyboardButton::callback(p.name(language), format!("part:{}", p.id))])
                .collect();
            rows.push(vec![InlineKeyboardButton::callback(say::custom_part(language), "part:custom")]);
            chat.save(Step::Part).await?;
            return chat.ask(say::ask_part(language), InlineKeyboardMarkup::new(rows)).await;
        }
    }
    chat.save(Step::PartText).await?;
    chat.say(say::ask_part_text(language)).await
}

/// Moves to the step after `done`, or back to the summary when a single field was being edited
/// (a new category always needs its part next).
async fn next_after(chat: &mut Chat, done: Step) -> HandlerResult {
    if chat.session.draft.editing && done != Step::Category {
        chat.session.draft.editing = false;
        return show_summary(chat).await;
    }
    match done {
        Step::Category => ask_part(chat).await,
        Step::Part | Step::PartText => ask_vin(chat).await,
        Step::Vin if chat.services.flags.enable_car_number => ask_car_number(chat).await,
        Step::Vin | Step::CarNumber => ask_original(chat).await,
        Step::Original => ask_photo(chat).await,
        Step::Photo | Step::Confirm | Step::Start => show_summary(chat).await,
    }
}

async fn ask_vin(chat: &mut Chat) -> HandlerResult {
    chat.save(Step::Vin).await?;
    chat.say(say::ask_vin(chat.language)).await
}

async fn ask_car_number(chat: &mut Chat) -> HandlerResult {
    chat.save(Step::CarNumber).await?;
    let skip = InlineKeyboardMarkup::new([[InlineKeyboardButton::callback(say::skip(chat.language), "skip:car")]]);
    chat.ask(say::ask_car_number(chat.language), skip).await
}

async fn ask_original(chat: &mut Chat) -> HandlerResult {
    let language = chat.language;
    chat.save(Step::Original).await?;
    let buttons = [OriginalOrAnalog::Original, OriginalOrAnalog::Analog]
        .map(|c| InlineKeyboardButton::callback(text::original_or_analog(language, c), format!("ooa:{}", c.as_str())));
    chat.ask(say::ask_original(language), InlineKeyboardMarkup::new([buttons])).await
}

async fn ask_photo(chat: &mut Chat) -> HandlerResult {
    chat.save(Step::Photo).await?;
    let skip = InlineKeyboardMarkup::new([[InlineKeyboardButton::callback(say::skip(chat.language), "skip:photo")]]);
    chat.ask(say::ask_photo(chat.language), skip).await
}

async fn show_summary(chat: &mut Chat) -> HandlerResult {
    use teloxide::utils::html::escape;
    let l = chat.language;
    let draft = &chat.session.draft;
    let mut lines = vec![
        format!("<b>{}</b>", say::summary_title(l)),
        format!("{}: {}", say::field_category(l), escape(&draft.category)),
        format!("{}: {}", say::field_part(l), escape(&draft.part_type)),
        format!("VIN: <code>{}</code>", escape(&draft.vin)),
    ];
    if chat.services.flags.enable_car_number {
        lines.push(format!("{}: {}", say::field_car_number(l), escape(draft.car_number.as_deref().unwrap_or("—"))));
    }
    if let Some(choice) = draft.original {
        lines.push(format!("{}: {}", say::field_original(l), text::original_or_analog(l, choice)));
    }
    lines.push(format!("{}: {}", say::field_photo(l), if draft.photo.is_some() { say::yes(l) } else { say::no(l) }));
    let mut edit_row = vec![
        InlineKeyboardButton::callback(say::edit(say::field_part(l)), "edit:part"),
        InlineKeyboardButton::callback(say::edit("VIN"), "edit:vin"),
    ];
    if chat.services.flags.enable_car_number {
        edit_row.push(InlineKeyboardButton::callback(say::edit(say::field_car_number(l)), "edit:car"));
    }
    let keyboard = InlineKeyboardMarkup::new([
        vec![InlineKeyboardButton::callback(say::confirm(l), "confirm")],
        edit_row,
        vec![
            InlineKeyboardButton::callback(say::edit(say::field_original(l)), "edit:ooa"),
            InlineKeyboardButton::callback(say::edit(say::field_photo(l)), "edit:photo"),
        ],
        vec![InlineKeyboardButton::callback(say::cancel(l), "cancel")],
    ]);
    chat.save(Step::Confirm).await?;
    chat.ask(lines.join("\n"), keyboard).await
}

async fn confirm(chat: &mut Chat) -> HandlerResult {
    let Some(viewer) = chat.viewer() else { return chat.say(say::not_linked(chat.language)).await };
    let draft = chat.session.draft.clone();
    let Some(original) = draft.original else { return next_after(chat, Step::Vin).await };
    let input = NewOrder {
        mechanic_name: None,
        mechanic_id: None,
        vin: draft.vin,
        car_number: draft.car_number,
        part_type: Some(draft.part_type),
        category: Some(draft.category),
        part_id: draft.part_id,
        original_or_analog: original,
        quantity: Some(1),
        comment: None,
    };
    match orders::create(&chat.services, &viewer, input, draft.photo).await {
        Ok(order) => {
            chat.reset().await?;
            chat.show_menu(say::created(chat.language, order.id)).await
        }
        Err(error) => chat.say(say::error(&error.into_app_error().message)).await,
    }
}

async fn on_message(bot: Bot, dialogue: BotDialogue, services: Arc<Services>, message: Message) -> HandlerResult {
    let mut chat = Chat::load(bot, dialogue, services).await?;
    if expire_if_stale(&mut chat).await? {
        return Ok(());
    }
    let language = chat.language;
    let text = message.text().map(str::trim).unwrap_or_default().to_owned();
    // The menu's buttons send their labels as text, in whatever language the menu was drawn.
    let is = |label: fn(Language) -> &'static str| Language::ALL.iter().any(|l| label(*l) == text);
    if is(say::menu_new) {
        return new_order(&mut chat).await;
    }
    if is(say::menu_orders) {
        return my_orders(&chat).await;
    }
    if is(say::menu_help) {
        return chat.show_menu(say::help(language)).await;
    }
    if is(say::menu_language) {
        return choose_language(&chat).await;
    }
    match chat.session.step.clone() {
        Step::Category if !text.is_empty() => {
            match validation::required_text("category", &text, validation::MAX_CATEGORY) {
                Ok(category) => {
                    chat.session.draft.category = category;
                    chat.session.draft.category_id = None;
                    chat.session.draft.part_id = None;
                    next_after(&mut chat, Step::Category).await
                }
                Err(error) => chat.say(say::error(&error.message)).await,
            }
        }
        Step::PartText | Step::Part if !text.is_empty() => {
            match validation::required_text("part_type", &text, validation::MAX_PART_TYPE) {
                Ok(part) => {
                    chat.session.draft.part_type = part;
                    chat.session.draft.part_id = None;
                    next_after(&mut chat, Step::PartText).await
                }
                Err(error) => chat.say(say::error(&error.message)).await,
            }
        }
        Step::Vin => match validation::normalize_vin(&text) {
            Ok(vin) => {
                chat.session.draft.vin = vin;
                next_after(&mut chat, Step::Vin).await
            }
            Err(error) => chat.say(format!("{}\n{}", say::error(&error.message), say::ask_vin(language))).await,
        },
        Step::CarNumber => match validation::normalize_car_number(&text) {
            Ok(car_number) => {
                chat.session.draft.car_number = car_number;
                next_after(&mut chat, Step::CarNumber).await
            }
            Err(error) => chat.say(format!("{}\n{}", say::error(&error.message), say::ask_car_number(language))).await,
        },
        Step::Photo => match message.photo().and_then(|sizes| sizes.last()) {
            Some(largest) => {
                chat.session.draft.photo = Some(largest.file.id.to_string());
                next_after(&mut chat, Step::Photo).await
            }
            None => chat.say(say::ask_photo(language)).await,
        },
        Step::Category | Step::Part | Step::Original | Step::Confirm => chat.say(say::use_buttons(language)).await,
        Step::PartText => chat.say(say::ask_part_text(language)).await,
        Step::Start => {
            if chat.account.is_none() {
                chat.say(say::not_linked(language)).await
            } else {
                chat.show_menu(say::dont_understand(language)).await
            }
        }
    }
}

async fn on_callback(bot: Bot, dialogue: BotDialogue, services: Arc<Services>, query: CallbackQuery) -> HandlerResult {
    bot.answer_callback_query(query.id.clone()).await?;
    let mut chat = Chat::load(bot, dialogue, services).await?;
    let data = query.data.unwrap_or_default();
    if let Some(code) = data.strip_prefix("lang:") {
        return set_language(&mut chat, code).await;
    }
    if expire_if_stale(&mut chat).await? {
        return Ok(());
    }
    let (kind, value) = data.split_once(':').unwrap_or((data.as_str(), ""));
    match (chat.session.step.clone(), kind) {
        (Step::Category, "cat") if value == "other" => {
            chat.save(Step::Category).await?;
            chat.say(say::ask_category_text(chat.language)).await
        }
        (Step::Category, "cat") => {
            let Some(viewer) = chat.viewer() else { return chat.say(say::not_linked(chat.language)).await };
            let categories = catalog::list_categories(&chat.services, &viewer).await.unwrap_or_default();
            match categories.iter().find(|c| value.parse() == Ok(c.id)) {
                Some(category) => {
                    chat.session.draft.category = category.name(chat.language).to_owned();
                    chat.session.draft.category_id = Some(category.id);
                    chat.session.draft.part_id = None;
                    next_after(&mut chat, Step::Category).await
                }
                None => ask_category(&mut chat).await,
            }
        }
        (Step::Part, "part") if value == "custom" => {
            chat.save(Step::PartText).await?;
            chat.say(say::ask_part_text(chat.language)).await
        }
        (Step::Part, "part") => {
            let Some(viewer) = chat.viewer() else { return chat.say(say::not_linked(chat.language)).await };
            let query = app::model::PartQuery { category_id: chat.session.draft.category_id, ..Default::default() };
            let parts = catalog::list_parts(&chat.services, &viewer, &query).await.unwrap_or_default();
            match parts.iter().find(|p| value.parse() == Ok(p.id)) {
                Some(part) => {
                    chat.session.draft.part_type = part.name(chat.language).to_owned();
                    chat.session.draft.part_id = Some(part.id);
                    next_after(&mut chat, Step::Part).await
                }
                None => ask_part(&mut chat).await,
            }
        }
        (Step::CarNumber, "skip") => {
            chat.session.draft.car_number = None;
            next_after(&mut chat, Step::CarNumber).await
        }
        (Step::Original, "ooa") => match value.parse::<OriginalOrAnalog>() {
            Ok(choice) => {
                chat.session.draft.original = Some(choice);
                next_after(&mut chat, Step::Original).await
            }
            Err(_) => chat.say(say::use_buttons(chat.language)).await,
        },
        (Step::Photo, "skip") => {
            chat.session.draft.photo = None;
            next_after(&mut chat, Step::Photo).await
        }
        (Step::Confirm, "confirm") => confirm(&mut chat).await,
        (Step::Confirm, "edit") => {
            chat.session.draft.editing = true;
            match value {
                "part" => ask_category(&mut chat).await,
                "vin" => ask_vin(&mut chat).await,
                "car" => ask_car_number(&mut chat).await,
                "ooa" => ask_original(&mut chat).await,
                _ => ask_photo(&mut chat).await,
            }
        }
        (_, "cancel") => {
            chat.reset().await?;
            chat.show_menu(say::cancelled(chat.language)).await
        }
        // A button from an older message: the conversation has moved on.
        _ => chat.say(say::use_buttons(chat.language)).await,
    }
}

async fn set_language(chat: &mut Chat, code: &str) -> HandlerResult {
    let Ok(language) = code.parse::<Language>() else { return Ok(()) };
    chat.language = language;
    chat.session.language = Some(language);
    if let Some(viewer) = chat.viewer() {
        let update = app::model::ProfileUpdate { language: Some(language) };
        if let Err(error) = users::update_profile(&chat.services, &viewer, update).await {
            return chat.say(say::error(&error.into_app_error().message)).await;
        }
    }
    let step = chat.session.step.clone();
    chat.save(step).await?;
    if chat.account.is_some() {
        chat.show_menu(say::language_set(language)).await
    } else {
        chat.say(say::welcome_unlinked(language)).await
    }
}
