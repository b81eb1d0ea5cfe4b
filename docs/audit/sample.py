import json, random, collections
FIX = {"cn-ai-meteorological-services-measures-2025","cn-pipl-2021","cn-gov-ai-llm-deployment-guidelines-2025",
       "cn-tc260-003-2024-en","cn-genai-measures-draft-2023-en","cn-governance-principles-2019-en",
       "us-ai-bill-of-rights-2022","us-omb-m-24-10-2024"}
CHECK = {"cn-ai-capacity-building-action-plan-2024","cn-cybersecurity-law-2016","cn-facial-recognition-security-measures-2025","cn-shenzhen-ai-industry-promotion-regulations-2022",
       "cn-algorithm-recommendation-2021-en","cn-ethical-norms-2021-en",
       "us-americas-ai-action-plan-2025","us-nist-ai-rmf-2023","us-eo14179-removing-barriers-ai-2025"}
spans = collections.defaultdict(list)
for l in open('/tmp/audit-all.jsonl'):
    o = json.loads(l); spans[o['doc']].append(o)
rng = random.Random(20261130)
items = []
for doc in sorted(FIX | CHECK):
    ss = sorted(spans[doc], key=lambda o: o['start'])
    prev = {id(o): (ss[i-1]['text'] if i else '') for i, o in enumerate(ss)}
    ok = [o for o in ss if len(o['text'].strip()) >= 12]
    coded = [o for o in ok if o.get('codes')]; unc = [o for o in ok if not o.get('codes')]
    pick = rng.sample(coded, min(22, len(coded))) + rng.sample(unc, min(8, len(unc)))
    for o in sorted(pick, key=lambda o: o['start']):
        items.append(dict(id=f"{doc}:{o['start']}", doc=doc, half="fix" if doc in FIX else "check",
                          start=o['start'], end=o['end'], text=o['text'], context_before=prev[id(o)][-300:],
                          predicted=[c['code'] for c in o.get('codes', [])]))
json.dump(items, open('items-full.json','w'), ensure_ascii=False, indent=0)
print(len(items), collections.Counter(i['half'] for i in items))
groups = {"zh": [i for i in items if not i['doc'].endswith('-en') and i['doc'].startswith('cn-')],
          "cnen": [i for i in items if i['doc'].startswith('cn-') and i['doc'].endswith('-en')],
          "us1": [i for i in items if i['doc'] in ("us-ai-bill-of-rights-2022","us-omb-m-24-10-2024","us-eo14179-removing-barriers-ai-2025")],
          "us2": [i for i in items if i['doc'] in ("us-americas-ai-action-plan-2025","us-nist-ai-rmf-2023")]}
for g, its in groups.items():
    with open(f'blind-{g}.jsonl','w') as f:
        for i in its:
            f.write(json.dumps({k: i[k] for k in ('id','doc','context_before','text')}, ensure_ascii=False) + "\n")
    print(g, len(its))
