"""How fast search answers a key press on a large catalogue.

Usage: python bench/search.py [--items 10000] [--queries N] [--seed 7]

Grows the demo catalogue to --items realistic items (the demo items, each varied by who
applies, what is done, which district office handles it, and which everyday words
residents use), builds the search index, reloads it from bytes as a kiosk does at
start-up, and times a fixed mix of queries: characters, full pinyin, initials, partial
input and synonyms. For scale it also times a plain `query in name` scan over the same
names. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import statistics
import time

from kiosk.catalogue.loader import demo_catalogue_path, load_catalogue_file
from kiosk.catalogue.model import ServiceItem
from kiosk.catalogue.search import SearchIndex, normalize_query

# Who the service is for, and what is done: combined with a demo item's name they make
# names of the kind a city catalogue is full of ("灵活就业人员社会保障卡申领（补办）").
APPLICANTS = (
    "",
    "",
    "",
    "城乡居民",
    "企业职工",
    "灵活就业人员",
    "退役军人",
    "港澳台居民",
    "外籍人员",
    "个体工商户",
    "农村居民",
    "城镇职工",
    "困难群众",
    "高校毕业生",
    "残疾人",
    "老年人",
    "新就业形态劳动者",
    "机关事业单位",
    "被征地农民",
    "失业人员",
)
ACTIONS = (
    "",
    "",
    "",
    "（个人）",
    "（单位）",
    "变更",
    "注销",
    "补办",
    "查询",
    "延续",
    "预约",
    "申请",
    "备案",
    "证明打印",
    "进度查询",
    "材料补正",
    "线上办理",
    "异地办理",
    "撤回",
    "年度确认",
)
DISTRICTS = (
    "市",
    "东城区",
    "西城区",
    "高新区",
    "经开区",
    "南山区",
    "城关镇",
    "新区",
    "滨海新区",
    "江北区",
    "长安区",
    "临港片区",
)

# A fixed mix, the way residents type: characters, full pinyin, initials, half-typed
# input, synonyms, and mixed characters with a pinyin letter still being typed.
QUERIES = (
    "社保卡",
    "社保",
    "养老金",
    "公积金",
    "医保",
    "低保",
    "户口",
    "身份证",
    "营业执照",
    "失业",
    "工伤",
    "生育",
    "残疾",
    "退休",
    "社会保障卡申领",
    "居民养老保险",
    "挂失",
    "shebaoka",
    "shebao",
    "yibao chaxun",
    "yanglaojin",
    "gongjijin",
    "dibao",
    "hukou",
    "shiye",
    "gongshang",
    "tuixiu",
    "canji",
    "yiliao",
    "sbk",
    "sbcx",
    "gjj",
    "ylbx",
    "yb",
    "db",
    "sy",
    "gs",
    "s",
    "y",
    "she",
    "yang",
    "sheb",
    "社保k",
    "养老j",
    "shebk",
    "yilb",
    "医疗保险",
    "社会保险",
    "住房公积金",
    "最低生活保障",
    "养老保险待遇",
    "户籍",
    "居民身份证",
    "工商登记",
    "驾照",
    "ylj",
    "退休金",
    "进度",
    "证明",
    "补办",
)


def grow_catalogue(base: list[ServiceItem], count: int, seed: int) -> list[ServiceItem]:
    rng = random.Random(seed)
    word_pool = sorted({word for item in base for word in item.keywords})
    grown: list[ServiceItem] = []
    names: set[str] = set()
    while len(grown) < count:
        item = base[len(grown) % len(base)]
        name = rng.choice(APPLICANTS) + item.name + rng.choice(ACTIONS)
        if name in names:
            name = item.name + f"（第{len(grown)}项）"
        names.add(name)
        district = rng.choice(DISTRICTS)
        department = district + item.department.removeprefix("市")
        keywords = tuple(rng.sample(item.keywords, k=min(len(item.keywords), 3))) + tuple(
            rng.sample(word_pool, k=2)
        )
        grown.append(
            dataclasses.replace(
                item,
                code=f"{item.code}-{len(grown):05d}",
                name=name,
                department=department,
                keywords=keywords,
            )
        )
    return grown


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=3 * len(QUERIES))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    base = list(load_catalogue_file(demo_catalogue_path()).items)
    items = grow_catalogue(base, args.items, args.seed)
    queries = [QUERIES[i % len(QUERIES)] for i in range(args.queries)]

    started = time.perf_counter()
    built = SearchIndex.build(items)
    build_s = time.perf_counter() - started
    data = built.to_bytes()

    started = time.perf_counter()
    index = SearchIndex.from_bytes(data)  # what a kiosk searches after start-up
    load_ms = (time.perf_counter() - started) * 1000

    timings = []
    for query in queries:
        started = time.perf_counter()
        index.search(query)
        timings.append((time.perf_counter() - started) * 1000)

    # The baseline a search box would start with: a substring test on every name.
    names = [item.name for item in items]
    baseline = []
    for query in queries:
        started = time.perf_counter()
        text = normalize_query(query)
        [name for name in names if text in name]
        baseline.append((time.perf_counter() - started) * 1000)

    print(
        json.dumps(
            {
                "items": len(items),
                "queries": len(queries),
                "p50_ms": round(statistics.median(timings), 3),
                "p95_ms": round(percentile(timings, 0.95), 3),
                "max_ms": round(max(timings), 3),
                "baseline_scan_p95_ms": round(percentile(baseline, 0.95), 3),
                "build_s": round(build_s, 3),
                "index_bytes": len(data),
                "load_from_bytes_ms": round(load_ms, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
