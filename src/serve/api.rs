//! The HTTP endpoints of the page: the form's choices, a dataset's description (descriptor,
//! equivalent SQL, rows, columns), its preview image and its downloads. Every error a request
//! can cause is HTTP 400 with the same text SQL gives for it, and the form field it is about
//! in the `X-Error-Field` header.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use datafusion::common::DataFusionError;
use datafusion::execution::context::SQLOptions;
use datafusion::physical_plan::ExecutionPlan;
use datafusion::prelude::DataFrame;
use serde_json::json;

use super::Server;
use super::dataset::{BadRequest, Dataset, field_of};
use super::download::{FORMATS, Format, start};
use crate::exec::SyntheticExec;
use crate::functions::spider::OPTION_KEYS;
use crate::generate::spider::DISTRIBUTION_NAMES;
use crate::render::{RenderOptions, render_png};
use crate::repl::PlanProgress;
use crate::sql::error_text;
use crate::table::tpcds::TPCDS_TABLES;
use crate::table::tpch::TPCH_TABLES;

/// The image options of a preview, as `image.<option>` parameters: those of `COPY … STORED
/// AS PNG`.
const IMAGE_KEYS: &[&str] = crate::render::OPTION_KEYS;

/// Parameters every request may carry besides those of the dataset.
const OTHER_KEYS: [&str; 8] = [
    "kind",
    "table",
    "scale_factor",
    "name",
    "sql",
    "output",
    "filename",
    "_",
];

impl IntoResponse for BadRequest {
    fn into_response(self) -> Response {
        let mut response = (
            StatusCode::BAD_REQUEST,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            self.message,
        )
            .into_response();
        if let Some(field) = self.field.and_then(|f| HeaderValue::from_str(&f).ok()) {
            response.headers_mut().insert("x-error-field", field);
        }
        response
    }
}

/// A DataFusion error as a bad request about one of `fields`.
fn bad(e: &DataFusionError, fields: &[String]) -> BadRequest {
    let message = error_text(e);
    let field = field_of(&message, fields);
    BadRequest { message, field }
}

/// The query string's parameters: each known, each once.
fn params(query: Option<String>) -> Result<HashMap<String, String>, BadRequest> {
    let mut out = HashMap::new();
    for (k, v) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        let known = OTHER_KEYS.contains(&k.as_ref())
            || OPTION_KEYS.iter().any(|(o, _)| *o == k)
            || k.strip_prefix("image.")
                .is_some_and(|i| IMAGE_KEYS.contains(&i));
        if !known {
            return Err(BadRequest::new(
                format!(
                    "unknown parameter '{k}'; allowed: {}, the Spider options ({}) and image.<{}>",
                    OTHER_KEYS[..7].join(", "),
                    OPTION_KEYS
                        .iter()
                        .map(|(o, _)| *o)
                        .collect::<Vec<_>>()
                        .join(", "),
                    IMAGE_KEYS.join("|")
                ),
                None,
            ));
        }
        if out.insert(k.to_string(), v.to_string()).is_some() {
            return Err(BadRequest::new(
                format!("the parameter '{k}' is given more than once"),
                Some(&k),
            ));
        }
    }
    Ok(out)
}

/// The dataset of a request, planned as a query (never a statement that writes).
async fn plan(
    server: &Server,
    params: &HashMap<String, String>,
) -> Result<(Dataset, DataFrame), BadRequest> {
    let dataset = Dataset::from_params(params, server.options.allow_sql)?;
    let only_queries = SQLOptions::new()
        .with_allow_ddl(false)
        .with_allow_dml(false)
        .with_allow_statements(false);
    let df = server
        .ctx
        .sql_with_options(&dataset.query(), only_queries)
        .await
        .map_err(|e| bad(&e, &dataset.fields))?;
    Ok((dataset, df))
}

/// `GET /api/form`: the choices of the form.
pub async fn form(State(server): State<Arc<Server>>) -> Response {
    let mut tables: Vec<String> = Vec::new();
    let state = server.ctx.state();
    let catalog = &state.config().options().catalog;
    if let Some(schema) = server
        .ctx
        .catalog(&catalog.default_catalog)
        .and_then(|c| c.schema(&catalog.default_schema))
    {
        tables = schema.table_names();
        tables.sort();
    }
    let options: Vec<_> = OPTION_KEYS
        .iter()
        .filter(|(k, _)| !matches!(*k, "distribution" | "cardinality" | "seed"))
        .map(|(k, applies)| json!({"key": k, "applies": applies}))
        .collect();
    axum::Json(json!({
        "distributions": DISTRIBUTION_NAMES,
        "options": options,
        "tpch": TPCH_TABLES.iter().map(|t| t.name()).collect::<Vec<_>>(),
        "tpcds": TPCDS_TABLES.iter().map(|t| t.name()).collect::<Vec<_>>(),
        "tables": tables,
        "allow_sql": server.options.allow_sql,
        "preview_rows": server.options.preview_rows,
        "formats": FORMATS,
    }))
    .into_response()
}

/// The descriptor of the synthetic scan of `plan`, if it has one.
fn descriptor(plan: &Arc<dyn ExecutionPlan>) -> Option<String> {
    let mut todo = vec![Arc::clone(plan)];
    while let Some(p) = todo.pop() {
        if let Some(s) = p.downcast_ref::<SyntheticExec>() {
            return Some(s.table().descriptor().to_string());
        }
        todo.extend(p.children().into_iter().cloned());
    }
    None
}

/// `GET /api/dataset?…`: the dataset's descriptor, equivalent SQL, rows and columns.
pub async fn dataset(State(server): State<Arc<Server>>, RawQuery(q): RawQuery) -> Response {
    let run = async {
        let params = params(q)?;
        let (dataset, df) = plan(&server, &params).await?;
        let columns: Vec<_> = df
            .schema()
            .fields()
            .iter()
            .map(|f| json!({"name": f.name(), "type": f.data_type().to_string()}))
            .collect();
        let physical = df
            .create_physical_plan()
            .await
            .map_err(|e| bad(&e, &dataset.fields))?;
        let query = dataset.query();
        Ok::<_, BadRequest>(axum::Json(json!({
            "query": query,
            "copy": format!("COPY ({query}) TO 'out.parquet'"),
            "png": format!("COPY ({query}) TO 'out.png'"),
            "descriptor": descriptor(&physical),
            "rows": PlanProgress::new(&physical).total_rows(),
            "columns": columns,
        })))
    };
    match run.await {
        Ok(r) => r.into_response(),
        Err(e) => e.into_response(),
    }
}

/// `GET /api/preview.png?…`: a picture of the dataset's first `preview_rows` rows.
pub async fn preview(State(server): State<Arc<Server>>, RawQuery(q): RawQuery) -> Response {
    let run = async {
        let params = params(q)?;
        let mut image = RenderOptions {
            width: Some(512),
            ..RenderOptions::default()
        };
        let image_fields: Vec<String> = IMAGE_KEYS.iter().map(|k| format!("image.{k}")).collect();
        for key in IMAGE_KEYS.iter().copied() {
            if let Some(v) = params
                .get(&format!("image.{key}"))
                .filter(|v| !v.trim().is_empty())
            {
                image.set(key, v).map_err(|e| {
                    let keys: Vec<String> = IMAGE_KEYS.iter().map(|k| k.to_string()).collect();
                    let mut b = bad(&e, &keys);
                    b.field = b.field.map(|f| format!("image.{f}"));
                    b
                })?;
            }
        }
        let (dataset, df) = plan(&server, &params).await?;
        let df = df
            .limit(0, Some(server.options.preview_rows))
            .map_err(|e| bad(&e, &dataset.fields))?;
        let physical = df
            .create_physical_plan()
            .await
            .map_err(|e| bad(&e, &dataset.fields))?;
        let _permit = server
            .previews
            .acquire()
            .await
            .map_err(|_| BadRequest::new("the server is shutting down", None))?;
        let (png, rows) = render_png(physical, image, server.ctx.task_ctx())
            .await
            .map_err(|e| {
                let mut fields = dataset.fields.clone();
                fields.extend(image_fields.iter().cloned());
                bad(&e, &fields)
            })?;
        Ok::<_, BadRequest>(
            (
                [
                    (header::CONTENT_TYPE, "image/png".to_string()),
                    (header::CACHE_CONTROL, "no-store".to_string()),
                    (
                        header::HeaderName::from_static("x-rows-drawn"),
                        rows.to_string(),
                    ),
                ],
                png,
            )
                .into_response(),
        )
    };
    match run.await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

/// A file name from the request, or the dataset's kind: letters, digits, `-` and `_` only.
fn file_stem(params: &HashMap<String, String>) -> String {
    let given = params
        .get("filename")
        .or_else(|| params.get("distribution"))
        .or_else(|| params.get("table"))
        .or_else(|| params.get("name"))
        .map(String::as_str)
        .unwrap_or("dataset");
    let stem: String = given
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .take(64)
        .collect();
    if stem.is_empty() {
        "dataset".to_string()
    } else {
        stem
    }
}

/// `GET /api/download?…&output=…`: the dataset as a file, streamed.
pub async fn download(State(server): State<Arc<Server>>, RawQuery(q): RawQuery) -> Response {
    let run = async {
        let params = params(q)?;
        let shown = params
            .get("output")
            .map(String::as_str)
            .unwrap_or("parquet");
        let format = Format::parse(shown).ok_or_else(|| {
            BadRequest::new(
                format!(
                    "invalid value for 'output': '{shown}'; allowed: {}",
                    FORMATS.join(", ")
                ),
                Some("output"),
            )
        })?;
        let permit = Arc::clone(&server.downloads_allowed)
            .try_acquire_owned()
            .map_err(|_| {
                BadRequest::new(
                    format!(
                        "too many downloads at once: at most {} run at a time; wait for one to finish",
                        server.options.max_downloads
                    ),
                    None,
                )
            })?;
        let (dataset, df) = plan(&server, &params).await?;
        let name = format!("{}.{}", file_stem(&params), format.extension());
        let started = start(
            &server.ctx,
            df,
            format,
            name.clone(),
            Arc::clone(&server.downloads),
            Arc::clone(&server.sink),
            permit,
        )
        .await
        .map_err(|e| bad(&e, &dataset.fields))?;
        let mut response = Response::new(Body::from_stream(started.body));
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(format.content_type()),
        );
        if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
            headers.insert(header::CONTENT_DISPOSITION, v);
        }
        headers.insert("x-download-id", HeaderValue::from(started.id));
        Ok::<_, BadRequest>(response)
    };
    match run.await {
        Ok(r) => r,
        Err(e) if e.message.starts_with("too many downloads") => {
            let mut r = e.into_response();
            *r.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            r
        }
        Err(e) => e.into_response(),
    }
}

/// `GET /api/downloads`: the running downloads and their progress.
pub async fn downloads(State(server): State<Arc<Server>>) -> Response {
    axum::Json(server.downloads.json()).into_response()
}
