/** An 8-bit single-channel image, row-major, `data.length === width * height`. */
export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

export function greyImage(width: number, height: number): GreyImage {
  return { data: new Uint8Array(width * height), width, height };
}
