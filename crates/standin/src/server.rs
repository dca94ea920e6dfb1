//! The HTTP side: routes `/bot<TOKEN>/<method>` and `/file/bot<TOKEN>/<path>`, reads every body
//! encoding Telegram accepts, and runs a request through checks, faults and its handler.

use std::collections::HashSet;
use std::time::{Instant, SystemTime};

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use super::body::{self, Uploads};
use super::fault::{self, FaultEffect};
use super::model::{CallOutcome, RecordedCall, Violation};
use super::reply::{self, Answer, ApiError, Reply};
use super::spec::spec;
use super::validate::{check_request, normalize};
use super::{StandIn, Validation, methods, polling};

pub(super) fn router(standin: StandIn) -> Router {
    Router::new().fallback(route).layer(DefaultBodyLimit::max(body::BODY_LIMIT)).with_state(standin)
}

/// A call's spec checks: done as it arrived, or left for later (with its uploads' names).
enum Checks {
    Done(Vec<String>),
    Later(Vec<String>),
}

async fn route(State(standin): State<StandIn>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    if let Some(rest) = path.strip_prefix("/file/bot") {
        return standin.serve_file(rest);
    }
    let Some((token, method)) = path.strip_prefix("/bot").and_then(|rest| rest.split_once('/')) else {
        return reply::into_response(&Err(ApiError::new(404, "Not Found")));
    };
    if token != standin.token() {
        return reply::into_response(&Err(ApiError::unauthorized()));
    }
    let method = method.trim_end_matches('/').to_owned();
    match body::read_params(request).await {
        Ok((params, uploads)) => standin.process(&method, params, uploads).await,
        Err(error) => reply::into_response(&Err(error)),
    }
}

impl StandIn {
    /// Checks, faults, handler; answers, then records the call and its outcome (the result moves into
    /// the record once it is written out, rather than being copied for it).
    pub(super) async fn process(&self, method: &str, mut params: Map<String, Value>, uploads: Uploads) -> Response {
        let arrived = Instant::now();
        let Some(method_spec) = spec().method(method) else {
            let result = Err(ApiError::new(404, "Not Found: method not found"));
            let violation = format!("method `{method}` does not exist in the Bot API spec");
            return self.answer(method, Value::Object(params), result, Checks::Done(vec![violation]), arrived);
        };
        let method = method_spec.name.as_str();
        normalize(method_spec, &mut params);
        if self.world().validation == Validation::FromRecording {
            let result = self.run(method, &params, &uploads).await;
            let uploads = uploads.keys().cloned().collect();
            return self.answer(method, Value::Object(params), result, Checks::Later(uploads), arrived);
        }
        let upload_names: HashSet<String> = uploads.keys().cloned().collect();
        let problems = check_request(method_spec, &params, &upload_names);
        let result = match problems.first() {
            Some(first) => Err(ApiError::new(400, first.description.clone())),
            None => self.run(method, &params, &uploads).await,
        };
        let details = problems.into_iter().map(|p| p.detail).collect();
        self.answer(method, Value::Object(params), result, Checks::Done(details), arrived)
    }

    fn answer(&self, method: &str, params: Value, result: Answer, checks: Checks, arrived: Instant) -> Response {
        let response = reply::into_response(&result);
        self.record(method, params, result, checks, arrived);
        response
    }

    async fn run(&self, method: &str, params: &Map<String, Value>, uploads: &Uploads) -> Answer {
        let chat_id = params.get("chat_id").and_then(Value::as_i64);
        let effect = fault::take_fault(&mut self.world().faults, method, chat_id);
        let reset_after = match effect {
            Some(FaultEffect::Fail(error)) => return Err(error),
            Some(FaultEffect::Delay(delay)) => {
                tokio::time::sleep(delay).await;
                false
            }
            Some(FaultEffect::ResetAfterHandling) => true,
            None => false,
        };
        let result = self.handle(method, params, uploads, chat_id).await;
        if reset_after {
            return Err(ApiError::connection_reset());
        }
        result
    }

    async fn handle(
        &self,
        method: &str,
        params: &Map<String, Value>,
        uploads: &Uploads,
        chat_id: Option<i64>,
    ) -> Answer {
        if fault::is_send(method)
            && let Some(chat_id) = chat_id
        {
            let mut world = self.world();
            if let Err(retry_after) = world.rate.admit(chat_id, Instant::now()) {
                world.too_many_requests += 1;
                return Err(ApiError::too_many_requests(retry_after));
            }
        }
        match method {
            "getUpdates" if self.world().webhook.is_some() => {
                return Err(ApiError::new(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
                ));
            }
            "getUpdates" => return polling::get_updates(self, params).await,
            "setWebhook" => return self.set_webhook(params).map(Reply::Json),
            "deleteWebhook" => return self.delete_webhook(params).map(Reply::Json),
            "getWebhookInfo" => return self.webhook_info().map(Reply::Json),
            _ => {}
        }
        let result = methods::dispatch(&mut self.world(), method, params, uploads);
        self.shared.changed.notify_waiters();
        result
    }

    fn record(&self, method: &str, params: Value, result: Answer, checks: Checks, arrived: Instant) {
        self.tap_call(method, &params, arrived, result.is_ok());
        let mut world = self.world();
        let outcome = match result {
            Ok(reply) if world.keep_results => CallOutcome::Ok(reply.into_value()),
            // Freed here, while the allocator can still hand its memory to the next call.
            Ok(_) => CallOutcome::Ok(Value::Null),
            Err(e) => CallOutcome::Error { code: e.code, description: e.description },
        };
        match checks {
            Checks::Done(violations) => {
                for detail in violations {
                    tracing::warn!(method, %detail, "request breaks the Bot API spec");
                    world.violations.push(Violation { method: method.to_owned(), detail });
                }
            }
            Checks::Later(uploads) => {
                let index = world.calls.len();
                world.unchecked.push((index, uploads));
            }
        }
        let at = SystemTime::now();
        world.calls.push(RecordedCall { method: method.to_owned(), params, at, outcome });
        drop(world);
        self.shared.changed.notify_waiters();
    }

    /// Checks the recorded calls whose check was left for later (see [`Validation::FromRecording`]).
    pub(super) fn check_recorded(world: &mut super::state::World) {
        for (index, uploads) in std::mem::take(&mut world.unchecked) {
            let call = &world.calls[index];
            let (Some(method), Value::Object(params)) = (spec().method(&call.method), &call.params) else {
                continue;
            };
            let uploads: HashSet<String> = uploads.into_iter().collect();
            let details: Vec<String> = check_request(method, params, &uploads).into_iter().map(|p| p.detail).collect();
            for detail in details {
                tracing::warn!(method = %call.method, %detail, "request breaks the Bot API spec");
                world.violations.push(Violation { method: call.method.clone(), detail });
            }
        }
    }

    /// `GET /file/bot<TOKEN>/<file_path>`.
    fn serve_file(&self, rest: &str) -> Response {
        let Some((token, file_path)) = rest.split_once('/') else {
            return reply::into_response(&Err(ApiError::new(404, "Not Found")));
        };
        if token != self.token() {
            return reply::into_response(&Err(ApiError::unauthorized()));
        }
        // teloxide sends the path as one segment, so its `/` arrives as `%2F`.
        let file_path = body::percent_decode(file_path);
        let world = self.world();
        match world.files.values().find(|f| f.file_path == file_path) {
            Some(file) => (StatusCode::OK, file.bytes.as_ref().clone()).into_response(),
            None => reply::into_response(&Err(ApiError::new(404, "Not Found: file not found"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{StandInOptions, Validation};
    use super::*;

    /// A sendMessage without its text (required by the spec) and one with it.
    async fn send_two(standin: &StandIn) -> Vec<u16> {
        let user = standin.new_user("李", None, None);
        let client = reqwest::Client::new();
        let url = format!("{}bot{}/SendMessage", standin.api_url(), standin.token());
        let mut codes = Vec::new();
        for body in [serde_json::json!({ "chat_id": user.id }), serde_json::json!({ "chat_id": user.id, "text": "hi" })]
        {
            let response = client.post(&url).json(&body).send().await.expect("the stand-in answers");
            codes.push(response.status().as_u16());
        }
        codes
    }

    #[tokio::test]
    async fn a_check_left_for_later_still_finds_every_broken_request() {
        let now = StandIn::start(StandInOptions::default()).await.expect("starts");
        assert_eq!(send_two(&now).await, [400, 200]);
        assert_eq!(now.violations().len(), 1, "{:?}", now.violations());

        let options = StandInOptions { validation: Validation::FromRecording, ..StandInOptions::default() };
        let later = StandIn::start(options).await.expect("starts");
        let codes = send_two(&later).await;
        assert_eq!(codes[1], 200, "a valid request is answered as always");
        assert_eq!(later.world().unchecked.len(), 2, "nothing checked on arrival");
        let violations = later.violations();
        assert_eq!(violations.len(), 1, "{violations:?}");
        assert!(violations[0].detail.contains("text"), "{violations:?}");
        assert!(later.world().unchecked.is_empty());
        assert_eq!(later.violations().len(), 1, "each call is checked once");
    }
}
