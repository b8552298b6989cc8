"""What a fastai/PyTorch user would serve instead: PIL decode + resize, torchvision ResNet18 in eager mode.

The network has this product's default model's shape: a ResNet18 trunk whose descriptor (global pooling,
a 2x2 grid of 4x4 windows over the last map, stage-3 pooling: 2,816 numbers) feeds a 10-class linear head
and a softmax. Weights are random (torchvision's constructor, no download): the figure is the pipeline's
speed, which does not depend on the weights' values. Prints one line: RESULT end_to_end_p50_ms=... .
Usage: python3 pytorch_pipeline.py IMAGE.jpg THREADS RUNS
"""
import io
import statistics
import sys
import time

import torch
import torch.nn.functional as F
import torchvision
from PIL import Image
from torchvision import transforms


class Classifier(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.trunk = torchvision.models.resnet18(weights=None)
        self.head = torch.nn.Linear(512 * 5 + 256, 10)

    def forward(self, x):
        t = self.trunk
        x = t.maxpool(t.relu(t.bn1(t.conv1(x))))
        stage3 = t.layer3(t.layer2(t.layer1(x)))
        last = t.layer4(stage3)
        descriptor = torch.cat([
            F.adaptive_avg_pool2d(last, 1).flatten(1),
            F.avg_pool2d(last, kernel_size=4, stride=3).flatten(1),
            F.adaptive_avg_pool2d(stage3, 1).flatten(1),
        ], dim=1)
        return F.softmax(self.head(descriptor), dim=1)


def main():
    path, threads, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(threads)
    model = Classifier().eval()
    prepare = transforms.Compose([
        transforms.Resize((224, 224), interpolation=transforms.InterpolationMode.BILINEAR),  # fastai's squish
        transforms.ToTensor(),
        transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
    ])
    encoded = open(path, "rb").read()

    def classify():
        image = Image.open(io.BytesIO(encoded)).convert("RGB")
        with torch.inference_mode():
            probabilities = model(prepare(image).unsqueeze(0))[0]
        top = torch.topk(probabilities, 3)
        return [(int(i), float(p)) for p, i in zip(top.values, top.indices)]

    for _ in range(5):
        classify()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        classify()
        times.append((time.perf_counter() - start) * 1000)
    print(f"RESULT end_to_end_p50_ms={statistics.median(times):.2f} threads={threads} torch={torch.__version__}")


if __name__ == "__main__":
    main()
