"""A tiny piper voice built here (the way piper's own tests do): real ONNX, no download.

Its model turns each phoneme id into 256 samples of a tone whose pitch follows the id, so the audio is
not silence and its length grows with the phonemes espeak-ng finds in the Vietnamese text.
"""

from __future__ import annotations

import json
from pathlib import Path

SAMPLES_PER_ID = 256


def make_voice(folder: Path, name: str = "vi_VN-test-tiny") -> Path:
    import onnx
    from onnx import TensorProto, helper
    from piper.phoneme_ids import DEFAULT_PHONEME_ID_MAP

    ramp = [i * 0.02 for i in range(SAMPLES_PER_ID)]
    nodes = [
        helper.make_node("Cast", ["input"], ["ids"], to=TensorProto.FLOAT),
        helper.make_node("Transpose", ["ids"], ["column"], perm=[1, 0]),
        helper.make_node("Tile", ["column", "repeats"], ["tiled"]),
        helper.make_node("Mul", ["tiled", "ramp"], ["phase"]),
        helper.make_node("Sin", ["phase"], ["wave"]),
        helper.make_node("Mul", ["wave", "gain"], ["scaled"]),
        helper.make_node("Reshape", ["scaled", "shape"], ["output"]),
    ]
    constants = [
        helper.make_tensor("repeats", TensorProto.INT64, [2], [1, SAMPLES_PER_ID]),
        helper.make_tensor("ramp", TensorProto.FLOAT, [1, SAMPLES_PER_ID], ramp),
        helper.make_tensor("gain", TensorProto.FLOAT, [], [0.3]),
        helper.make_tensor("shape", TensorProto.INT64, [4], [1, 1, 1, -1]),
    ]
    graph = helper.make_graph(
        nodes, "tiny_piper_voice",
        [helper.make_tensor_value_info("input", TensorProto.INT64, [1, None]),
         helper.make_tensor_value_info("input_lengths", TensorProto.INT64, [1]),
         helper.make_tensor_value_info("scales", TensorProto.FLOAT, [3])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 1, 1, None])],
        initializer=constants,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.onnx"
    onnx.save(model, str(path))
    config = {
        "audio": {"sample_rate": 22050}, "espeak": {"voice": "vi"}, "phoneme_type": "espeak",
        "num_symbols": 256, "num_speakers": 1, "phoneme_id_map": DEFAULT_PHONEME_ID_MAP,
        "inference": {"noise_scale": 0.667, "length_scale": 1.0, "noise_w": 0.8},
    }
    Path(f"{path}.json").write_text(json.dumps(config), encoding="utf-8")
    return path
