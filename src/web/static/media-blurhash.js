// While a photo loads, its blurhash (data-blurhash, a few dozen characters
// the server computed) is drawn behind it: a soft preview of its colours
// instead of an empty box. Without this script the box stays empty until the
// photo arrives; the page's layout is the same either way.
(() => {
  const DIGITS =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";
  const decode83 = (text) => {
    let value = 0;
    for (const c of text) value = value * 83 + DIGITS.indexOf(c);
    return value;
  };
  const toLinear = (v) => {
    const x = v / 255;
    return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  };
  const toSrgb = (v) => {
    const x = Math.max(0, Math.min(1, v));
    return Math.round(x <= 0.0031308 ? x * 12.92 * 255 : (1.055 * x ** (1 / 2.4) - 0.055) * 255);
  };
  const signPow = (v, e) => Math.sign(v) * Math.abs(v) ** e;

  /** The blurhash algorithm (https://blurha.sh), decoding to RGBA pixels. */
  function decode(hash, width, height) {
    const size = decode83(hash[0]);
    const nx = (size % 9) + 1;
    const ny = Math.floor(size / 9) + 1;
    if (hash.length !== 4 + 2 * nx * ny) return null;
    const maximum = (decode83(hash[1]) + 1) / 166;
    const colors = [];
    const dc = decode83(hash.slice(2, 6));
    colors.push([toLinear(dc >> 16), toLinear((dc >> 8) & 255), toLinear(dc & 255)]);
    for (let i = 1; i < nx * ny; i++) {
      const ac = decode83(hash.slice(4 + i * 2, 6 + i * 2));
      const q = [Math.floor(ac / 361), Math.floor(ac / 19) % 19, ac % 19];
      colors.push(q.map((v) => signPow((v - 9) / 9, 2) * maximum));
    }
    const pixels = new Uint8ClampedArray(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let r = 0;
        let g = 0;
        let b = 0;
        for (let j = 0; j < ny; j++) {
          for (let i = 0; i < nx; i++) {
            const basis =
              Math.cos((Math.PI * x * i) / width) * Math.cos((Math.PI * y * j) / height);
            const color = colors[i + j * nx];
            r += color[0] * basis;
            g += color[1] * basis;
            b += color[2] * basis;
          }
        }
        const at = 4 * (x + y * width);
        pixels[at] = toSrgb(r);
        pixels[at + 1] = toSrgb(g);
        pixels[at + 2] = toSrgb(b);
        pixels[at + 3] = 255;
      }
    }
    return pixels;
  }

  function placeholder(hash, ratio) {
    const width = 32;
    const height = Math.max(1, Math.min(64, Math.round(width / ratio)));
    const pixels = decode(hash, width, height);
    if (!pixels) return null;
    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    canvas.getContext("2d").putImageData(new ImageData(pixels, width, height), 0, 0);
    return canvas.toDataURL();
  }

  for (const image of document.querySelectorAll("img[data-blurhash]")) {
    if (image.complete && image.naturalWidth > 0) continue;
    const ratio = Number(image.getAttribute("width")) / Number(image.getAttribute("height")) || 1;
    const url = placeholder(image.dataset.blurhash, ratio);
    if (!url) continue;
    // Set through the CSSOM, which the Content-Security-Policy allows (no style attribute).
    image.style.backgroundImage = `url("${url}")`;
    image.style.backgroundSize = "cover";
    const clear = () => {
      image.style.backgroundImage = "";
    };
    image.addEventListener("load", clear, { once: true });
    image.addEventListener("error", clear, { once: true });
  }
})();
