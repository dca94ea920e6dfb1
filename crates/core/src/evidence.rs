//! Evidence a worker sends: whether one more file is kept on a complaint (the deployment's quota,
//! `[evidence]`), and what the worker is told when it is not.

use crate::deployment::evidence::format_size;
use crate::deployment::{EvidenceQuota, EvidenceUsage, OverQuota};
use crate::i18n::{Arg, Lang, tr, tr_args};

/// The worker's message about a file that was not kept: which file, which limit, and that what
/// they sent before is kept.
pub fn not_kept(
    lang: Lang,
    quota: &EvidenceQuota,
    used: EvidenceUsage,
    kind: &str,
    size: u64,
    over: OverQuota,
) -> String {
    let kind_id = match kind {
        "photo" | "voice" | "video" | "audio" => format!("evidence-kind-{kind}"),
        _ => "evidence-kind-document".to_owned(),
    };
    let kind = tr(lang, &kind_id);
    let size = format_size(size);
    match over {
        OverQuota::Files => tr_args(
            lang,
            "evidence-over-quota-files",
            &[("kind", kind.into()), ("size", size.into()), ("max_files", Arg::from(quota.max_files))],
        ),
        OverQuota::Bytes => tr_args(
            lang,
            "evidence-over-quota-bytes",
            &[
                ("kind", kind.into()),
                ("size", size.into()),
                ("max_size", format_size(quota.max_bytes).into()),
                ("used", format_size(used.bytes).into()),
            ],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deployment::evidence::MB;

    #[test]
    fn the_worker_is_told_which_file_was_not_kept_and_why() {
        let q = EvidenceQuota { max_files: 1, max_bytes: 30 * MB };
        let used = EvidenceUsage { files: 1, bytes: 29 * MB };
        let zh = not_kept(Lang::ZhHans, &q, used, "photo", 2 * MB, OverQuota::Files);
        assert!(zh.contains("照片（2 MB）没有保存") && zh.contains("最多保存你发来的 1 个文件"), "{zh}");
        let en = not_kept(Lang::En, &q, used, "voice", 2 * MB, OverQuota::Bytes);
        assert!(en.contains("This voice message (2 MB) was not kept") && en.contains("30 MB"), "{en}");
        assert!(en.contains("29 MB are used"), "{en}");
        let one = not_kept(Lang::En, &q, used, "document", 1024, OverQuota::Files);
        assert!(one.contains("at most 1 file from you"), "{one}");
    }
}
