//! The semantic generators (people, contacts, addresses, internet, companies, finance,
//! lorem) end to end: golden hashes per generator and locale (generator version 1),
//! determinism across ranges, splits, lookups, partitions and batch sizes, the validity
//! rules that make them PII-free (reserved domains, documentation IP ranges, fictional phone
//! ranges, test BINs with Luhn, IBAN mod-97), en_US address coherence, uniqueness of
//! suffixed emails, uniform list picks (chi-square), mixed-locale columns, and no panic on
//! arbitrary column inputs.

use crate::common;
use crate::generators_support;

use std::collections::HashMap;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, Int64Array, StringArray, UInt32Array};
use datafusion::arrow::compute::{concat, take};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::ScalarValue;
use datafusion::prelude::SessionContext;
use datafusion_synth::execute_sql;
use datafusion_synth::functions::Rows;
use datafusion_synth::functions::generators::ColumnArg;
use datafusion_synth::functions::registry::generator_spec;
use datafusion_synth::generate::faker::finance::{iban_valid, luhn_valid};
use datafusion_synth::generate::faker::us_states::US_STATES;
use generators_support::{build, eval, hash, range, semantic_cases, stream};

/// Golden SHA-256 of rows 0..10000 (stream of column `c`, seed 42) per case. A change here
/// changes users' data: it needs a generator version bump (docs/reproducibility.md).
const GOLDEN: &[(&str, &str)] = &[
    (
        "latitude",
        "5d28c66b83f2cc433bef2e59ad2175f54103d2f37fb3cdf032fc74cab39297c5",
    ),
    (
        "latitude_en_US",
        "5d28c66b83f2cc433bef2e59ad2175f54103d2f37fb3cdf032fc74cab39297c5",
    ),
    (
        "latitude_de_DE",
        "9400df5bb1284e7c12bb48ded6fe9aaff7bce95d802b127a3732badcb2f5be19",
    ),
    (
        "latitude_ja_JP",
        "6dcf99889b30aace4ceab57cc1d1ec6d6701fef6245c89a040be0b270c1f55b5",
    ),
    (
        "longitude",
        "0a614f970f429f03d3a4a90a8ee4bfd378dd1128b2affe9a61db6857e6f36933",
    ),
    (
        "longitude_en_US",
        "0a614f970f429f03d3a4a90a8ee4bfd378dd1128b2affe9a61db6857e6f36933",
    ),
    (
        "longitude_de_DE",
        "cf4293f4b62897a9951475201bc4839d5e2b3d2f2b9ffe1bc1406ae8bc52691c",
    ),
    (
        "longitude_ja_JP",
        "32f95cb003660b22c00f31158f0de210df1bd8134da89b123c35ca5d40a4ed36",
    ),
    (
        "first_name_female",
        "cf6f44600a3bb1bbdb8a846f55baeca6da14d39020766eb3c0a5084738ca8649",
    ),
    (
        "first_name_female_en_US",
        "cf6f44600a3bb1bbdb8a846f55baeca6da14d39020766eb3c0a5084738ca8649",
    ),
    (
        "first_name_male",
        "4ae1314e4a3dfb87374ef5ba770ce82d086014631e73121f3dcd4c08eb1fab7b",
    ),
    (
        "sex",
        "fa0417ffa7b457e2c98d27cd4b6b6c70dc0e40cde5862d9b01a251fc283af363",
    ),
    (
        "sex_0.3",
        "bd18a091b31783d25254981f0cb023a3d7f597cff5ce9cd35bee7ca599555b45",
    ),
    (
        "first_name",
        "77786a0deb5f300dfeaea7d20e3d984eb3ae5367de329653cf5b1d8f96d72939",
    ),
    (
        "first_name_en_US",
        "77786a0deb5f300dfeaea7d20e3d984eb3ae5367de329653cf5b1d8f96d72939",
    ),
    (
        "first_name_de_DE",
        "34f3d9840a32d12ba4d456c53ee8e839cf88a9cf026c48d12423bf7e4bf677be",
    ),
    (
        "first_name_ja_JP",
        "19d30adff6ab767759fff2c6523a3b7fdfe8da454a142258a096672b415717d8",
    ),
    (
        "last_name",
        "a0074db85db37addb1acdfdaef2351c2099a85c5af3e1286bfc51e9301d0fbce",
    ),
    (
        "last_name_en_US",
        "a0074db85db37addb1acdfdaef2351c2099a85c5af3e1286bfc51e9301d0fbce",
    ),
    (
        "last_name_de_DE",
        "c4182377113c7a137072a68db2a24143f0ea5d0a0fe85d75cf475e8970c04b3d",
    ),
    (
        "last_name_ja_JP",
        "c8468a478f5fbdb5dc38a2b05716fbe863b3ec933ca2d302abd5fc0ee8fab1fd",
    ),
    (
        "full_name",
        "e6bfe81803e7b071753359ff9f751db121c95c79d181125c52243ffe5384108f",
    ),
    (
        "full_name_en_US",
        "e6bfe81803e7b071753359ff9f751db121c95c79d181125c52243ffe5384108f",
    ),
    (
        "full_name_de_DE",
        "4bd30a237cd7942dde1d8abf1bdaff90cc0f6fc78022180d98bd552821341edb",
    ),
    (
        "full_name_ja_JP",
        "85dbd171a1fb37ac4d50bf0d3376fefda49b92760506342e8a9999493fb8880a",
    ),
    (
        "name_with_title",
        "cda619998caaa81cbe9e9d11dc4a1a748c677ca9ed65b81eaf2c9ee9e89b7509",
    ),
    (
        "name_with_title_en_US",
        "cda619998caaa81cbe9e9d11dc4a1a748c677ca9ed65b81eaf2c9ee9e89b7509",
    ),
    (
        "name_with_title_de_DE",
        "9237aceb238076c01fb7973889f12d0202c6a7b24d5eb32c9ef484a2279fdaed",
    ),
    (
        "name_with_title_ja_JP",
        "9f74d7c3a0a69af6afc37db6e0a09cc84cc2a02f29693e66c78cbfd55f02f8ac",
    ),
    (
        "company_name",
        "5462ee85f987feaec1f73d4ff57f450899fa536a414a01666bd1d52f670845b4",
    ),
    (
        "company_name_en_US",
        "5462ee85f987feaec1f73d4ff57f450899fa536a414a01666bd1d52f670845b4",
    ),
    (
        "company_name_de_DE",
        "93f0abfeb102cce62249ad858c5399fe4e6da4ebd0c239160c94866f01e36690",
    ),
    (
        "company_name_ja_JP",
        "d2bd12c94ab080e46c82f16f3d27a6860aac29a278509fd69bd20de3ede34d8f",
    ),
    (
        "company_suffix",
        "408e373d534adbd161028b1d0bafdce1695004fd605d77a4d62fa91636a702ef",
    ),
    (
        "company_suffix_en_US",
        "408e373d534adbd161028b1d0bafdce1695004fd605d77a4d62fa91636a702ef",
    ),
    (
        "company_suffix_de_DE",
        "30c910f0efc7b74d3551c1c78053df866362526e09fd44c60cc7641dbba8e771",
    ),
    (
        "company_suffix_ja_JP",
        "8b326927549b3efb6f72b6a40620069354d0ebfb08c9a3fad5c69d1f4a2be1ab",
    ),
    (
        "industry",
        "49621f25b314b47e1a6d0f07deedb570a29fc224f47fa08fcaa84752c8cd2f7d",
    ),
    (
        "industry_en_US",
        "49621f25b314b47e1a6d0f07deedb570a29fc224f47fa08fcaa84752c8cd2f7d",
    ),
    (
        "industry_zh_CN",
        "0db0c1951d6490620ac526ee01163ac0fefcce568587850c74124df3bdfe5e75",
    ),
    (
        "industry_pt_PT",
        "35f62afe53b6ef1c9bfe082c847c06581a1e7491ad78fea8d8f501c906c70ed5",
    ),
    (
        "profession",
        "2b5cd056a1dc3c01864bc35b8483fab019d41db1a13a52d50e08c6ed23a6759d",
    ),
    (
        "profession_en_US",
        "2b5cd056a1dc3c01864bc35b8483fab019d41db1a13a52d50e08c6ed23a6759d",
    ),
    (
        "profession_zh_CN",
        "06efd1142f0e793d26f9ab6a0b93a3271c4ca6e859be3ec817d06659dcdc75ce",
    ),
    (
        "profession_pt_PT",
        "f90338ac084babc791debd72caaf712a6f28bac24197204d1136d3c8b66648ab",
    ),
    (
        "job_title",
        "e18c3ab0c257fe7f930cd9672ff33b64d37488285459ebaf571eeb4d1c5a8399",
    ),
    (
        "job_title_en_US",
        "e18c3ab0c257fe7f930cd9672ff33b64d37488285459ebaf571eeb4d1c5a8399",
    ),
    (
        "job_title_nl_NL",
        "cfd7bd01661ad65120865d5db5519d00c93a67d6bca7ae207ef18051a107c36e",
    ),
    (
        "job_title_ja_JP",
        "c1f9e644621ce3a8870a75609bd34a0249bce70fdfafaadd266508f8f6892b62",
    ),
    (
        "catch_phrase",
        "0b2e3941d30891df00273a6d7a825b0a4555f8baaa71d9258c6b9c33287f2d12",
    ),
    (
        "catch_phrase_en_US",
        "0b2e3941d30891df00273a6d7a825b0a4555f8baaa71d9258c6b9c33287f2d12",
    ),
    (
        "catch_phrase_zh_CN",
        "5e33ac721c6bf0f6829718257328066e9ad4ca46a006174c796e59649ac39f36",
    ),
    (
        "catch_phrase_it_IT",
        "fcf695834dbd472eae98d5b17bcc51c6084b9ada13474fa243465a606776a29e",
    ),
    (
        "street_address",
        "1e352969ca61f1da94df82f8260a149dbab2399881c77c82f8805e5f49390057",
    ),
    (
        "street_address_en_US",
        "1e352969ca61f1da94df82f8260a149dbab2399881c77c82f8805e5f49390057",
    ),
    (
        "street_address_de_DE",
        "32153ffa3beb784b262600e56352378cf6e2770c71b3103c9da2ddcda5ed1170",
    ),
    (
        "street_address_zh_CN",
        "9f2cd3c6b8b725295c034d3c59b9fa05e3fdb178af6628b1e8a50a7072c110fd",
    ),
    (
        "building_number",
        "d95f4d1e9087b077104ddd355236c6b3129da78085c87877a60f30580bc9d547",
    ),
    (
        "building_number_en_US",
        "d95f4d1e9087b077104ddd355236c6b3129da78085c87877a60f30580bc9d547",
    ),
    (
        "building_number_it_IT",
        "7ea7bbef4005c7733cc6cb6391b11b0cbbcbe20c315316b4eca610ed05d82c5f",
    ),
    (
        "building_number_fa_IR",
        "ed7ba1f07e03be5ad0e1f80af3bb0bba89a48f64bfb81e939a4ba0abc4546621",
    ),
    (
        "street_name",
        "d71ac754e245a307848924351be35afdaffb3af94bbce0f8291813cb17b3f390",
    ),
    (
        "street_name_en_US",
        "d71ac754e245a307848924351be35afdaffb3af94bbce0f8291813cb17b3f390",
    ),
    (
        "street_name_de_DE",
        "cf24f7b6e43cf9c3819657b8c92d9243fceea65f582d73fb2ccba46b2bf16702",
    ),
    (
        "street_name_zh_CN",
        "154b19f50bf1c71dd4327e30d79552bd5dc593fa36f6858a037a1c70c343f4e8",
    ),
    (
        "city",
        "63242c711b7c1396c4d2dbcefe5317ed272cacf89f2ce08d25c1b3e263ddf4ea",
    ),
    (
        "city_en_US",
        "63242c711b7c1396c4d2dbcefe5317ed272cacf89f2ce08d25c1b3e263ddf4ea",
    ),
    (
        "city_de_DE",
        "9e6411ae26391c6b11e646233da384492062f60b01df84e5fd3c977ff628a03c",
    ),
    (
        "city_zh_CN",
        "e7b667ad9c0c6527ef669e94d035275b2caf6f2441deaefb0701f2b350c1ee97",
    ),
    (
        "state",
        "b73e8af2b303398f11eb1f1e04dbb8ec97c2afb712a23c4842f73f4829abb7d9",
    ),
    (
        "state_en_US",
        "b73e8af2b303398f11eb1f1e04dbb8ec97c2afb712a23c4842f73f4829abb7d9",
    ),
    (
        "state_de_DE",
        "df3163ca151fc6e3084f147bab2bb3c2e44aa108efb7262175cd3eb75855bcae",
    ),
    (
        "state_pt_BR",
        "510bb969fb7f192df780ac90f134070ecf369bbdf2819ada0e1056b56cbe8184",
    ),
    (
        "state_abbr",
        "b9e7544177be561d7cc20100dad59aad8b61601056e5847aab47d47960535a93",
    ),
    (
        "state_abbr_en_US",
        "b9e7544177be561d7cc20100dad59aad8b61601056e5847aab47d47960535a93",
    ),
    (
        "state_abbr_de_DE",
        "219704539df606c5d3d0851c22683268ce30181fed7d50ee3a2e50939ba5e544",
    ),
    (
        "state_abbr_pt_BR",
        "45198154f435332ac2ef653ccdd6fa1394fd588e7919dfff7d752ac72ca97b8e",
    ),
    (
        "postcode",
        "63eac7c90dc33e2034aba5415adb0a3cc4c9fd362ca1f5d89ffceec419e79a05",
    ),
    (
        "postcode_en_US",
        "63eac7c90dc33e2034aba5415adb0a3cc4c9fd362ca1f5d89ffceec419e79a05",
    ),
    (
        "postcode_de_DE",
        "1668d0beabbb9545dfbd1234c9783aaceed8af0ca57f2a11accc7131faae2b83",
    ),
    (
        "postcode_zh_CN",
        "4c0b14a8f219c34be74f503db444a5b566fab62db320c8a847e07cf02342ef0f",
    ),
    (
        "address",
        "edc8bc589c60a26e59ad2f6d53b89dbcdd43b7678d68e65406bdb4652fe58a51",
    ),
    (
        "address_en_US",
        "edc8bc589c60a26e59ad2f6d53b89dbcdd43b7678d68e65406bdb4652fe58a51",
    ),
    (
        "address_de_DE",
        "5a4e0dcb5ab834769351c50cfbe60fe93c14aa6fd4a8694923415cbe1d7ec73a",
    ),
    (
        "address_zh_CN",
        "2d2d2c240f510dfacb8b8ebb268af495dbf99829ff9c806eb43c7759af867e79",
    ),
    (
        "phone",
        "388b21c22abe3e0f6baec41d1ac1b324764cc373cca1e1382ed00e8f14b233bb",
    ),
    (
        "phone_en_US",
        "388b21c22abe3e0f6baec41d1ac1b324764cc373cca1e1382ed00e8f14b233bb",
    ),
    (
        "phone_fr_FR",
        "feed5c095af31c4d3ef4caf1935c76da4ca60e582c98dfbde7d9a1bc75f564c9",
    ),
    (
        "phone_cy_GB",
        "02c742b8730eea0e15cf8da33db388b0f918e23f06d2af74e0a70d4fae8e6970",
    ),
    (
        "mobile_phone",
        "388b21c22abe3e0f6baec41d1ac1b324764cc373cca1e1382ed00e8f14b233bb",
    ),
    (
        "mobile_phone_en_US",
        "388b21c22abe3e0f6baec41d1ac1b324764cc373cca1e1382ed00e8f14b233bb",
    ),
    (
        "mobile_phone_fr_FR",
        "2a053b8add4991539423def0930cf9a8cd736bf5741a818ab9711c8792dfdf0a",
    ),
    (
        "mobile_phone_cy_GB",
        "37222a7cb58002f57022c5e76ec647553177561f13a99f43d65fe4c34964e00a",
    ),
    (
        "country",
        "b1c34b06b0b2c462034af5bc5eefd6f0910ada604629705fd0b21d0bcf111f2e",
    ),
    (
        "country_en_US",
        "b1c34b06b0b2c462034af5bc5eefd6f0910ada604629705fd0b21d0bcf111f2e",
    ),
    (
        "country_de_DE",
        "175ad7e8d860a5d51d3b61767d1075c97bc47c17e31465382528ab0847565825",
    ),
    (
        "country_ja_JP",
        "c23fe3de3e8c5f423c7888c04600732c579646f063f08d1d26b8ac46ed99b746",
    ),
    (
        "currency_code",
        "179c435e97861e985238fde104a3d94666cd2ae0e74aa889ee7ae6bf8c355aa4",
    ),
    (
        "currency_code_en_US",
        "179c435e97861e985238fde104a3d94666cd2ae0e74aa889ee7ae6bf8c355aa4",
    ),
    (
        "currency_code_de_DE",
        "e59c8dfef75929556e150018c3931e522edddc5f633dcb1d557418f634850240",
    ),
    (
        "currency_code_ja_JP",
        "49e1dcb5e590bae0e7a22ca74f450eeb7b485fee6635ed183cb5e432b5f3b2c8",
    ),
    (
        "sentence",
        "203f5d9f2e19ef0e423f287d332affa8ff2d6ecd2b184d67be60b5a8b3e7da08",
    ),
    (
        "sentence_en_US",
        "203f5d9f2e19ef0e423f287d332affa8ff2d6ecd2b184d67be60b5a8b3e7da08",
    ),
    (
        "sentence_zh_CN",
        "ec538dbed7226d5fa9a7edf937b778c51b5f523888ce3b26decbe43db33ffbee",
    ),
    (
        "paragraph",
        "d08df72b1697651569673c1abdab1937e236379a7da3e7477dcd4a55ee03b311",
    ),
    (
        "paragraph_en_US",
        "d08df72b1697651569673c1abdab1937e236379a7da3e7477dcd4a55ee03b311",
    ),
    (
        "paragraph_zh_CN",
        "7a9cac7efe894cf8d84f79605656c6e49f710c45536efa576ac23f6309291da4",
    ),
    (
        "country_code_alpha3_ja_JP",
        "01863bd216d15f92d8b70cbc951f7f8bcc18bf5f92d6d99797293aa60ac3d76f",
    ),
    (
        "country_code",
        "69adb1f9c55d91097525bdc32ed3704ce3944cab904600af29579dd2e0b4e388",
    ),
    (
        "phone_it_IT_any",
        "515fedeb8f4218d8a287c3e35fc02d7843b39d0a4d926f1feabf66a666d1d333",
    ),
    (
        "words_3",
        "06c2ada8c95dd43bc12c8d690aa44362ce3c4e1c671303a7d1f1e2b5f69faaf8",
    ),
    (
        "words_3_zh_CN",
        "f96ce40a5bddfc6f9c4096d7298787e13603d668c580fe2769b66b680f300c9a",
    ),
    (
        "domain",
        "088215ab591a7fae74002bca88341321a5252dfabda2a3748056085d5a95a666",
    ),
    (
        "hostname",
        "a88077e85d485c3e2a9f8d802316296dbc3724b79f75e90a739cea29d7628c04",
    ),
    (
        "url",
        "16cb01b15094efdb4cba71573c45ed405a0acc423221a218efae5a4a0783e9b1",
    ),
    (
        "ipv4",
        "5b99cc5e8aaeee30fb8f5e0fbb98f5a1d521a4800cce4757d938613c90822f12",
    ),
    (
        "ipv4_cidr",
        "6223ccf00070d202b1eab3741112429db7bbbe3ef624e7c4d7356fd32ab261f2",
    ),
    (
        "ipv6",
        "cf7b0324613a9ff644735e6350fc1f87e2143bce81def16e6b26c93c47dfd2bc",
    ),
    (
        "ipv6_cidr",
        "d8e6dbfd3c62a71ed8fe4df04b1292b28f0cc73c0cc4e640ac38286a4710b597",
    ),
    (
        "mac_address",
        "a66764059fd3fff749f0d7675da018e28c8726883fc406909f962d83bfa6dc10",
    ),
    (
        "hostname_unique",
        "8cd1caa99f668533047d2b924d747c36cd0ad61026a19e554bf649ba14aef781",
    ),
    (
        "ipv4_cidr_unique",
        "90ad45d8c60bcc4b34e930756f559a18e8a7665ede2c82e13bc5f89a650a558c",
    ),
    (
        "ipv6_unique",
        "b1c95e54715aca715352056684a976e087ec6ffe469c1203008f1e72004928e9",
    ),
    (
        "mac_address_unique",
        "5820b7135a7110b16b389d15f880812e11699f4c26e287cc6076765ad296ab12",
    ),
    (
        "user_agent",
        "e2de61673815e2370d6f2f2a591fc196d80a436ba6dd31bbee24f61fdf3230bf",
    ),
    (
        "credit_card",
        "0bbd96f39218895820d7d031dfdd16d45e6cd828a2701812f0319732913bf4b5",
    ),
    (
        "credit_card_amex_any",
        "2a18538ec66422e8021ee6410f6539f6910e45c71001bb86cb6b164e0c7bfdcd",
    ),
    (
        "iban",
        "803a9a4e3a2c622fc8745233f8e9fc69c2c5e39c13b99b62e710961806bac465",
    ),
    (
        "iban_DE",
        "6dfe09e930ecf79fcb96a908029097f4f55d467273eb488a1b79c7c8aaf6d3bd",
    ),
    (
        "ssn",
        "bfac6b2c04172aa9d05b705daa60ac109bbd2e84e917ddd8e7640f876a465f14",
    ),
    (
        "birth_date",
        "42ba83efc75e09746b27b33da80f2225202d1d90c994a19404f0e8150f8b1bb8",
    ),
    (
        "birth_date_as_of",
        "067da2965617bc268e9aa4a6423494edd448542b6a766bf96b6bdfdb1fe12094",
    ),
];

#[test]
fn golden_hashes_of_every_semantic_generator() {
    let mut failures = vec![];
    for (label, name, args) in semantic_cases() {
        let g = build(name, &args);
        let got = hash(&range(g.as_ref(), 10_000));
        match GOLDEN.iter().find(|(l, _)| *l == label) {
            Some((_, expected)) if *expected == got => {}
            _ => failures.push(format!("(\"{label}\", \"{got}\"),")),
        }
    }
    assert!(
        failures.is_empty(),
        "golden hashes changed:\n{}",
        failures.join("\n")
    );
}

#[test]
fn ranges_splits_and_indices_agree() {
    let st = stream();
    let indices: Vec<u64> = (0..2000u64)
        .rev()
        .step_by(7)
        .chain([5, 5, 0, 1999])
        .collect();
    let positions = UInt32Array::from(indices.iter().map(|&r| r as u32).collect::<Vec<_>>());
    for (label, name, args) in semantic_cases() {
        let g = build(name, &args);
        let t = g.field("c").data_type().clone();
        let text = matches!(t, DataType::Utf8 | DataType::Utf8View);
        assert!(
            text || (name == "birth_date" && t == DataType::Date32)
                || (matches!(name, "latitude" | "longitude") && t == DataType::Float64),
            "{label}: {t}"
        );
        let whole = eval(g.as_ref(), Rows::Range(0..2000), st);
        whole.to_data().validate_full().unwrap();
        let parts: Vec<ArrayRef> = [0..1, 1..777, 777..2000]
            .into_iter()
            .map(|r| eval(g.as_ref(), Rows::Range(r), st))
            .collect();
        let parts: Vec<&dyn Array> = parts.iter().map(|a| a.as_ref()).collect();
        assert_eq!(&concat(&parts).unwrap(), &whole, "{label}: splits differ");
        let looked_up = eval(g.as_ref(), Rows::Indices(&indices), st);
        let expected = take(whole.as_ref(), &positions, None).unwrap();
        assert_eq!(&looked_up, &expected, "{label}: indices differ");
        if text {
            let values = view(&whole);
            assert!(
                values.iter().all(|v| !v.unwrap().is_empty()),
                "{label}: empty value"
            );
        }
    }
}

/// Any string array as a `Utf8View` array.
fn view(a: &ArrayRef) -> datafusion::arrow::array::StringViewArray {
    datafusion::arrow::compute::cast(a, &DataType::Utf8View)
        .unwrap()
        .as_string_view()
        .clone()
}

fn strings(g: &str, args: &[ScalarValue], n: u64) -> Vec<String> {
    let a = eval(build(g, args).as_ref(), Rows::Range(0..n), stream());
    view(&a).iter().map(|v| v.unwrap().to_string()).collect()
}

#[test]
fn identifiers_come_from_reserved_ranges_and_are_valid() {
    let n = 20_000;
    for ip in strings("ipv4", &[], n) {
        let a: Ipv4Addr = ip.parse().unwrap();
        assert!(a.is_documentation(), "{ip}");
    }
    for ip in strings("ipv6", &[], n) {
        let a: Ipv6Addr = ip.parse().unwrap();
        assert_eq!(a.segments()[..2], [0x2001, 0xdb8], "{ip}");
    }
    for ip in strings("ipv4", &[ScalarValue::from("172.16.0.0/12")], n) {
        let a: Ipv4Addr = ip.parse().unwrap();
        assert_eq!(
            u32::from(a) >> 20,
            u32::from(Ipv4Addr::new(172, 16, 0, 0)) >> 20
        );
    }
    let reserved = |host: &str| {
        [
            "example.com",
            "example.net",
            "example.org",
            "example",
            "test",
        ]
        .iter()
        .any(|d| host.ends_with(&format!(".{d}")))
    };
    for h in strings("hostname", &[], n)
        .iter()
        .chain(&strings("domain", &[], n))
    {
        assert!(reserved(h), "{h}");
        assert!(
            h.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
        );
    }
    for u in strings("url", &[], n) {
        let host = u
            .strip_prefix("https://")
            .unwrap()
            .split('/')
            .next()
            .unwrap();
        assert!(reserved(host), "{u}");
    }
    let mut brands = HashMap::new();
    for c in strings("credit_card", &[], n) {
        assert!(luhn_valid(&c), "{c}");
        let bin = &c[..6];
        assert!(
            ["424242", "555555", "378282", "601111", "353011"].contains(&bin),
            "{c}"
        );
        *brands.entry(bin.to_string()).or_insert(0) += 1;
        assert_eq!(c.len(), if bin == "378282" { 15 } else { 16 }, "{c}");
    }
    assert_eq!(brands.len(), 5);
    for c in strings(
        "credit_card",
        &[ScalarValue::from("amex"), ScalarValue::from("any")],
        n,
    ) {
        assert!(luhn_valid(&c) && c.len() == 15 && (c.starts_with("34") || c.starts_with("37")));
    }
    for i in strings("iban", &[], n) {
        assert!(iban_valid(&i), "{i}");
    }
    for i in strings("iban", &[ScalarValue::from("DE")], n) {
        assert!(
            i.starts_with("DE") && i.len() == 22 && iban_valid(&i),
            "{i}"
        );
    }
    for s in strings("ssn", &[], n) {
        assert!(s.starts_with("666-"), "{s}");
    }
    for m in strings("mac_address", &[], n) {
        let first = u8::from_str_radix(&m[..2], 16).unwrap();
        assert_eq!(first & 3, 2, "{m}");
    }
    for p in strings("phone", &[ScalarValue::from("fr_FR")], n) {
        assert!(p.starts_with("01 99 00 "), "{p}");
    }
    for p in strings("mobile_phone", &[ScalarValue::from("cy_GB")], n) {
        assert!(p.starts_with("07700 900"), "{p}");
    }
}

/// Picks are uniform over the list: chi-square over distinct values (a name listed twice
/// is expected twice as often), within 5 standard deviations of its mean (df).
#[test]
fn list_picks_are_uniform() {
    use fake::locales::{DE_DE, Data, EN};
    for (locale, list) in [
        ("en_US", EN::NAME_FIRST_NAME),
        ("de_DE", DE_DE::NAME_LAST_NAME),
    ] {
        let g = if locale == "en_US" {
            "first_name"
        } else {
            "last_name"
        };
        let n = 200 * list.len() as u64;
        let values = strings(g, &[ScalarValue::from(locale)], n);
        let mut expected: HashMap<&str, f64> = HashMap::new();
        for w in list {
            *expected.entry(w).or_insert(0.0) += n as f64 / list.len() as f64;
        }
        let mut seen: HashMap<&str, f64> = HashMap::new();
        for v in &values {
            *seen.entry(v.as_str()).or_insert(0.0) += 1.0;
        }
        assert!(seen.keys().all(|k| expected.contains_key(k)));
        let chi2: f64 = expected
            .iter()
            .map(|(k, e)| (seen.get(k).copied().unwrap_or(0.0) - e).powi(2) / e)
            .sum();
        let df = (expected.len() - 1) as f64;
        assert!(
            (chi2 - df).abs() < 5.0 * (2.0 * df).sqrt(),
            "{locale}: chi2 {chi2}, df {df}"
        );
    }
}

async fn run(ctx: &SessionContext, sql: &str) -> Vec<datafusion::arrow::array::RecordBatch> {
    execute_sql(ctx, sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .collect()
        .await
        .unwrap()
}

const CUSTOMERS: &str = "CREATE SYNTHETIC TABLE customers (
  id     BIGINT  GENERATED ALWAYS AS (sequence(1)) NOT NULL,
  locale VARCHAR GENERATED ALWAYS AS (weighted(['en_US', 'de_DE', 'ja_JP'], [3, 1, 1])) NOT NULL,
  first  VARCHAR GENERATED ALWAYS AS (first_name(locale)) NOT NULL,
  last   VARCHAR GENERATED ALWAYS AS (last_name(locale)) NOT NULL,
  email  VARCHAR GENERATED ALWAYS AS (email(first, last, id)) NOT NULL,
  uname  VARCHAR GENERATED ALWAYS AS (username(first, last)) NOT NULL,
  addr   BIGINT  GENERATED ALWAYS AS (uniform(0, 4611686018427387903)) NOT NULL HIDDEN,
  street VARCHAR GENERATED ALWAYS AS (street_address('en_US', addr)),
  city   VARCHAR GENERATED ALWAYS AS (city('en_US', addr)),
  state  VARCHAR GENERATED ALWAYS AS (state_abbr('en_US', addr)),
  zip    VARCHAR GENERATED ALWAYS AS (postcode('en_US', addr)),
  phone  VARCHAR GENERATED ALWAYS AS (phone('en_US', addr)),
  ploc   VARCHAR GENERATED ALWAYS AS (CASE WHEN locale = 'de_DE' THEN 'it_IT' ELSE locale END) NOT NULL HIDDEN,
  lphone VARCHAR GENERATED ALWAYS AS (phone(ploc, NULL, 'any')),
  nation VARCHAR GENERATED ALWAYS AS (country_code(locale, 'alpha3'))
) WITH (rows = ROWS, seed = 42)";

#[tokio::test]
async fn identical_bytes_across_partitions_batch_sizes_and_projections() {
    let mut reference = None;
    for (partitions, batch) in [(1, 8192), (2, 37), (7, 1), (3, 8192)] {
        let ctx = common::ctx(partitions, batch);
        run(&ctx, &CUSTOMERS.replace("ROWS", "3000")).await;
        let got = common::hash(&run(&ctx, "SELECT * FROM customers ORDER BY id").await);
        match &reference {
            None => reference = Some(got),
            Some(r) => assert_eq!(&got, r, "{partitions} partitions, batch {batch}"),
        }
        // A projection of one derived column equals that column of the full scan.
        let one = run(&ctx, "SELECT email FROM customers ORDER BY id").await;
        let all = run(&ctx, "SELECT email, id FROM customers ORDER BY id").await;
        let a: Vec<String> = one
            .iter()
            .flat_map(|b| {
                b.column(0)
                    .as_string_view()
                    .iter()
                    .map(|v| v.unwrap().to_string())
                    .collect::<Vec<_>>()
            })
            .collect();
        let b: Vec<String> = all
            .iter()
            .flat_map(|b| {
                b.column(0)
                    .as_string_view()
                    .iter()
                    .map(|v| v.unwrap().to_string())
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(a, b);
    }
}

#[tokio::test]
async fn rows_are_coherent_within_the_row() {
    let ctx = common::ctx(2, 8192);
    run(&ctx, &CUSTOMERS.replace("ROWS", "20000")).await;
    let batches = run(
        &ctx,
        "SELECT id, locale, first, last, email, uname, state, zip, phone, lphone, nation FROM customers",
    )
    .await;
    use fake::locales::{DE_DE, Data, EN, JA_JP};
    let mut locales = HashMap::new();
    for b in &batches {
        let col = |i: usize| b.column(i).as_string_view().clone();
        let (loc, first, email, uname, state, zip, phone, lphone, nation) = (
            col(1),
            col(2),
            col(4),
            col(5),
            col(6),
            col(7),
            col(8),
            col(9),
            col(10),
        );
        let ids = b
            .column(0)
            .as_primitive::<datafusion::arrow::datatypes::Int64Type>();
        for r in 0..b.num_rows() {
            let l = loc.value(r);
            *locales.entry(l.to_string()).or_insert(0u32) += 1;
            // Names come from the row's locale.
            let names = match l {
                "en_US" => EN::NAME_FIRST_NAME,
                "de_DE" => DE_DE::NAME_FIRST_NAME,
                _ => JA_JP::NAME_FIRST_NAME,
            };
            assert!(names.contains(&first.value(r)), "{l} {}", first.value(r));
            // The email is the username, the key and a reserved domain.
            let e = email.value(r);
            let (local, domain) = e.split_once('@').unwrap();
            assert!(
                ["example.com", "example.net", "example.org"].contains(&domain),
                "{e}"
            );
            assert_eq!(local, format!("{}.{}", uname.value(r), ids.value(r)));
            assert!(
                local
                    .bytes()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'.')
                    && !local.starts_with('.')
                    && !local.contains(".."),
                "{e}"
            );
            // State, ZIP prefix and area code agree.
            let s = US_STATES.iter().find(|s| s.abbr == state.value(r)).unwrap();
            let prefix: u16 = zip.value(r)[..3].parse().unwrap();
            assert!(
                (s.zip_lo..=s.zip_hi).contains(&prefix),
                "{} {}",
                s.abbr,
                zip.value(r)
            );
            assert!(
                phone
                    .value(r)
                    .starts_with(&format!("({:03}) 555-01", s.area_code))
            );
            assert_eq!(
                nation.value(r),
                match l {
                    "en_US" => "USA",
                    "de_DE" => "DEU",
                    _ => "JPN",
                }
            );
            assert!(!lphone.value(r).is_empty());
        }
    }
    // The locale mix follows its weights 3:1:1 (within 5 standard errors).
    let n = 20_000.0;
    for (l, p) in [("en_US", 0.6), ("de_DE", 0.2), ("ja_JP", 0.2)] {
        let share = f64::from(locales[l]) / n;
        let se: f64 = (p * (1.0 - p) / n).sqrt();
        assert!((share - p).abs() < 5.0 * se, "{l}: {share}");
    }
}

#[tokio::test]
async fn suffixed_emails_are_unique_over_ten_million_rows() {
    let ctx = common::ctx(2, 8192);
    run(
        &ctx,
        "CREATE SYNTHETIC TABLE u (
           id    BIGINT  GENERATED ALWAYS AS (sequence(1)) NOT NULL,
           first VARCHAR GENERATED ALWAYS AS (first_name()) NOT NULL,
           last  VARCHAR GENERATED ALWAYS AS (last_name()) NOT NULL,
           email VARCHAR GENERATED ALWAYS AS (email(first, last, id)) NOT NULL
         ) WITH (rows = 10000000, seed = 7)",
    )
    .await;
    let b = run(&ctx, "SELECT count(DISTINCT email), count(*) FROM u").await;
    let distinct = b[0]
        .column(0)
        .as_primitive::<datafusion::arrow::datatypes::Int64Type>()
        .value(0);
    assert_eq!(distinct, 10_000_000);
    // Without the suffix the same names collide, as real names do.
    run(&ctx, "CREATE SYNTHETIC TABLE v (first VARCHAR GENERATED ALWAYS AS (first_name()), last VARCHAR GENERATED ALWAYS AS (last_name()), email VARCHAR GENERATED ALWAYS AS (email(first, last))) WITH (rows = 100000)").await;
    let b = run(&ctx, "SELECT count(DISTINCT email) FROM v").await;
    let distinct = b[0]
        .column(0)
        .as_primitive::<datafusion::arrow::datatypes::Int64Type>()
        .value(0);
    assert!(distinct < 100_000);
}

/// Column inputs of any shape (NULLs, empty strings, unknown or unusable locales, extreme
/// keys) give values, NULLs or errors, never a panic.
#[test]
fn arbitrary_column_inputs_never_panic() {
    let text = |v: &[Option<&str>]| -> ArrayRef { Arc::new(StringArray::from(v.to_vec())) };
    let locales = text(&[
        Some("en_US"),
        None,
        Some(""),
        Some("xx"),
        Some("fr_FR"),
        Some("DE-de"),
        Some("ja"),
    ]);
    let names = text(&[
        Some(""),
        None,
        Some("Ünïcødé"),
        Some("太郎"),
        Some("a.b"),
        Some("\u{0}"),
        Some("O'Brien"),
    ]);
    let keys: ArrayRef = Arc::new(Int64Array::from(vec![
        Some(0),
        None,
        Some(-1),
        Some(i64::MIN),
        Some(i64::MAX),
        Some(5),
        Some(6),
    ]));
    let col = |name: &str, t: DataType| ColumnArg {
        name: name.into(),
        data_type: t,
        nullable: true,
    };
    let rows = Rows::Range(0..7);
    for g in datafusion_synth::functions::GENERATOR_NAMES {
        let spec = generator_spec(g).unwrap();
        for &pos in spec.column_args {
            for (input, t) in [
                (&locales, DataType::Utf8),
                (&names, DataType::Utf8),
                (&keys, DataType::Int64),
            ] {
                for n_args in pos + 1..=spec.max_args {
                    let mut args = vec![ScalarValue::Null; n_args];
                    let mut columns = vec![None; n_args];
                    let mut inputs = vec![];
                    for p in spec.column_args.iter().filter(|&&p| p < n_args) {
                        columns[*p] = Some(col("x", t.clone()));
                        inputs.push(Arc::clone(input));
                    }
                    if *g == "email" && n_args == 4 {
                        args[3] = ScalarValue::from("freemail");
                    }
                    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        if let Ok(f) = spec.build_with_columns(&args, &columns) {
                            let inputs = &inputs[..f.arity().min(inputs.len())];
                            let _ = f.evaluate(&rows, 1, inputs);
                        }
                    }));
                    assert!(
                        result.is_ok(),
                        "{g} with {t} columns, {n_args} args panicked"
                    );
                }
            }
        }
    }
}

/// `sql/examples/customers.sql` runs as shipped (at 3,000 rows) and its data keeps its
/// promises: unique emails, coherent US addresses, test-BIN cards.
#[tokio::test]
async fn the_customers_example_runs() {
    let dir = tempfile::tempdir().unwrap();
    let script = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sql/examples/customers.sql"
    ))
    .unwrap()
    .replace("rows = 1000000", "rows = 3000")
    .replace(
        "'customers.parquet'",
        &format!("'{}/customers.parquet'", dir.path().display()),
    );
    let ctx = common::ctx(2, 8192);
    let statements: Vec<&str> = script
        .split(';')
        .map(|s| s.trim())
        .filter(|s| {
            s.lines()
                .any(|l| !l.trim().is_empty() && !l.trim().starts_with("--"))
        })
        .collect();
    assert_eq!(statements.len(), 4);
    for s in &statements {
        run(&ctx, s).await;
    }
    let file = dir.path().join("customers.parquet");
    ctx.register_parquet("c", file.to_str().unwrap(), Default::default())
        .await
        .unwrap();
    let b = run(
        &ctx,
        "SELECT count(*), count(DISTINCT email), bool_and(starts_with(card, '424242') OR starts_with(card, '555555') OR starts_with(card, '378282') OR starts_with(card, '601111') OR starts_with(card, '353011')) FROM c",
    )
    .await;
    let count = b[0]
        .column(0)
        .as_primitive::<datafusion::arrow::datatypes::Int64Type>()
        .value(0);
    let emails = b[0]
        .column(1)
        .as_primitive::<datafusion::arrow::datatypes::Int64Type>()
        .value(0);
    assert_eq!((count, emails), (3000, 3000));
    assert!(b[0].column(2).as_boolean().value(0));
}
