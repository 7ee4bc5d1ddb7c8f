export async function runMain(n: string, a: string[]) {
  console.log(n, a);
}
